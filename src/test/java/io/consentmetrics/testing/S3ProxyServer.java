package io.consentmetrics.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3 API server on 127.0.0.1 (S3Proxy over jclouds' in-memory store), for tests and the
 * Docker-less development run. Seeding and exporting go straight to the store, not over HTTP.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key-0123456789";

  /** Called before the store serves a request; may throw to fail it, as a faulty server would. */
  public interface RequestHook {
    void beforeRequest(String operation, String key);
  }

  private final BlobStoreContext context;
  private final BlobStore store;
  private final String accessKey;
  private final String secretKey;
  private volatile RequestHook hook = (operation, key) -> { };
  private S3Proxy proxy;
  private int port;

  private S3ProxyServer(int port, String accessKey, String secretKey) throws Exception {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    store = context.getBlobStore();
    this.port = port;
    startProxy();
  }

  private synchronized void startProxy() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new HookedBlobStore(store, () -> hook))
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    port = proxy.getPort();
  }

  /** Stops answering (connections are refused); the stored objects are kept. */
  public synchronized void stopServing() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    }
  }

  /** Answers again on the same port, with the same objects. */
  public synchronized void resumeServing() {
    try {
      startProxy();
    } catch (Exception e) {
      throw new IllegalStateException("cannot restart S3Proxy on port " + port, e);
    }
  }

  public void onRequest(RequestHook newHook) {
    hook = newHook;
  }

  public void clearHook() {
    hook = (operation, key) -> { };
  }

  /** Starts on a free port with the test credentials. */
  public static S3ProxyServer start() {
    return start(0, ACCESS_KEY, SECRET_KEY);
  }

  public static S3ProxyServer start(int port, String accessKey, String secretKey) {
    try {
      return new S3ProxyServer(port, accessKey, secretKey);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy on 127.0.0.1:" + port, e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The system properties that point the job at {@code bucket} on this server (see MainRunner). */
  public Map<String, String> jobProperties(String bucket) {
    return Map.of(
        "consent-metrics.bucket", bucket,
        "consent-metrics.s3.endpoint", endpoint(),
        "consent-metrics.s3.access-key", accessKey,
        "consent-metrics.s3.secret-key", secretKey);
  }

  public void createBucket(String bucket) {
    store.createContainerInLocation(null, bucket);
  }

  public void putObject(String bucket, String key, byte[] content) {
    store.putBlob(bucket, store.blobBuilder(key).payload(content).contentLength(content.length).build());
  }

  /** Uploads every file below {@code dir} under {@code prefix}, keeping relative paths. */
  public void uploadDirectory(String bucket, String prefix, Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String key = prefix + dir.relativize(file).toString().replace('\\', '/');
        putObject(bucket, key, Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Keys of all objects under {@code prefix}, sorted. */
  public List<String> keys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    String marker = null;
    do {
      ListContainerOptions options = ListContainerOptions.Builder.recursive().prefix(prefix);
      if (marker != null) {
        options.afterMarker(marker);
      }
      var page = store.list(bucket, options);
      for (StorageMetadata m : page) {
        if (m.getType() == StorageType.BLOB) {
          keys.add(m.getName());
        }
      }
      marker = page.getNextMarker();
    } while (marker != null);
    keys.sort(null);
    return keys;
  }

  public byte[] getObject(String bucket, String key) {
    try (InputStream in = store.getBlob(bucket, key).getPayload().openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies every object under {@code prefix} to {@code dir}, keeping the key as the relative path. */
  public void downloadPrefix(String bucket, String prefix, Path dir) {
    try {
      for (String key : keys(bucket, prefix)) {
        if (key.endsWith("/")) {
          continue; // a directory marker, not a file
        }
        Path target = dir.resolve(key.substring(prefix.length()));
        Files.createDirectories(target.getParent());
        Files.write(target, getObject(bucket, key));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if ("STARTED".equals(proxy.getState())) {
        proxy.stop();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    } finally {
      context.close();
    }
  }
}
