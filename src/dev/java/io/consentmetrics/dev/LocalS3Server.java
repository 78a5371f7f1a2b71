package io.consentmetrics.dev;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * The S3 server of the Docker-less development run: S3Proxy on 127.0.0.1 over jclouds' filesystem
 * store, playing the part of the compose file's MinIO and its setup container. A bucket is a folder
 * of the store ({@code <store>/<bucket>/}, one file per object), so every run's outputs are on disk
 * as soon as they are written and stay there: the next run finds them, and {@code hist/} grows run
 * after run, as it does on S3.
 */
final class LocalS3Server implements AutoCloseable {
  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private LocalS3Server(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
  }

  /**
   * Serves the buckets of {@code store} on {@code port} (0: a free one) with the given credentials, after creating
   * {@code bucket} if needed and uploading every file of {@code seed} under {@code data/} (replacing
   * those objects, leaving all others alone).
   */
  static LocalS3Server start(Path store, String bucket, Path seed, int port, String accessKey, String secretKey)
      throws Exception {
    Files.createDirectories(store);
    Properties properties = new Properties();
    properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, store.toAbsolutePath().toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem").credentials("identity", "credential")
            .overrides(properties).build(BlobStoreContext.class);
    BlobStore blobs = context.getBlobStore();
    blobs.createContainerInLocation(null, bucket);
    upload(blobs, bucket, "data/", seed);
    S3Proxy proxy =
        S3Proxy.builder().blobStore(new S3Keys(blobs, store.toAbsolutePath())).endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the local S3 server did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new LocalS3Server(context, proxy);
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Uploads every file below {@code dir} under {@code prefix}, keeping relative paths. */
  private static void upload(BlobStore blobs, String bucket, String prefix, Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String key = prefix + dir.relativize(file).toString().replace('\\', '/');
      byte[] content = Files.readAllBytes(file);
      blobs.putBlob(bucket, blobs.blobBuilder(key).payload(content).contentLength(content.length).build());
    }
  }

  /**
   * What S3 clients expect of keys, over a store whose folders are real folders. In recursive listings
   * the filesystem store lists its folders as entries of their own, which S3Proxy serves as objects
   * named like the folder (S3A would take {@code datehour=…} for a file): they are left out, as S3
   * lists keys only. And S3A deletes the "directory marker" keys ({@code a/b/}) of every parent after
   * each write; the store cannot delete a folder that still holds files, and retries for seconds
   * before giving up: a marker whose folder holds files is left alone, as deleting it changes nothing
   * on S3 either. A marker whose folder holds only empty folders (markers S3A never lists here, as
   * the listing leaves folders out) is removed with them, as S3A's recursive delete removes them on
   * S3: otherwise every run would leave its emptied {@code _staging/<run>/current/} folder behind. And the filesystem store takes "private" (S3's default) to mean "not readable by
   * others" and writes every object 0640, while the job writes 0644 to a local {@code --output}: each
   * stored object is set to 0644, so the bucket folder reads like any local output.
   */
  private static final class S3Keys extends ForwardingBlobStore {
    private final Path store;

    S3Keys(BlobStore delegate, Path store) {
      super(delegate);
      this.store = store;
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
      PageSet<? extends StorageMetadata> page = super.list(container, options);
      if (!options.isRecursive()) {
        return page;
      }
      List<StorageMetadata> blobs = page.stream().filter(m -> m.getType() == StorageType.BLOB)
          .collect(Collectors.toList());
      return new PageSetImpl<>(blobs, page.getNextMarker());
    }

    @Override
    public String putBlob(String container, org.jclouds.blobstore.domain.Blob blob) {
      String name = blob.getMetadata().getName();
      return withoutEmptyMarker(container, name, readableByAll(container, name, super.putBlob(container, blob)));
    }

    /**
     * A directory marker ({@code a/b/}) becomes a folder of the store, which S3A then never finds
     * again (its listing leaves folders out) and so never deletes: S3A puts one above whatever it
     * deleted last, such as {@code _staging/}. An empty one is removed at once; S3A sees no change.
     */
    private String withoutEmptyMarker(String container, String name, String etag) {
      if (name.endsWith("/")) {
        Path folder = store.resolve(container).resolve(name.substring(0, name.length() - 1));
        try (Stream<Path> children = Files.isDirectory(folder) ? Files.list(folder) : Stream.of(folder)) {
          if (children.findAny().isEmpty()) {
            Files.delete(folder);
            removeEmptyFoldersAbove(container, name);
          }
        } catch (IOException e) {
          // written into meanwhile: it is no longer empty
        }
      }
      return etag;
    }

    @Override
    public String putBlob(String container, org.jclouds.blobstore.domain.Blob blob,
        org.jclouds.blobstore.options.PutOptions options) {
      String name = blob.getMetadata().getName();
      return withoutEmptyMarker(container, name, readableByAll(container, name, super.putBlob(container, blob, options)));
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName,
        org.jclouds.blobstore.options.CopyOptions options) {
      return readableByAll(toContainer, toName, super.copyBlob(fromContainer, fromName, toContainer, toName, options));
    }

    @Override
    public String completeMultipartUpload(org.jclouds.blobstore.domain.MultipartUpload upload,
        List<org.jclouds.blobstore.domain.MultipartPart> parts) {
      return readableByAll(upload.containerName(), upload.blobName(), super.completeMultipartUpload(upload, parts));
    }

    /** Sets the stored file of an object to 0644, as a local output's files are. */
    private String readableByAll(String container, String name, String etag) {
      Path file = store.resolve(container).resolve(name);
      try {
        if (Files.isRegularFile(file)) {
          Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
      } catch (IOException | UnsupportedOperationException e) {
        // not a POSIX disk: modes do not apply
      }
      return etag;
    }

    @Override
    public void removeBlob(String container, String name) {
      if (!isFolderWithFiles(container, name)) {
        removeEmptyFoldersBelow(container, name);
        super.removeBlob(container, name);
        removeEmptyFoldersAbove(container, name);
      }
    }

    /**
     * After a removal, deletes the folders above it left empty, up to the bucket, as the store does
     * itself except for folders that were once stored as markers: S3 has no empty folders (S3A
     * finds none there), and the store would otherwise keep e.g. an empty {@code _staging/}.
     */
    private void removeEmptyFoldersAbove(String container, String name) {
      Path bucket = store.resolve(container);
      for (Path p = bucket.resolve(name.endsWith("/") ? name.substring(0, name.length() - 1) : name).getParent();
          p != null && p.startsWith(bucket) && !p.equals(bucket); p = p.getParent()) {
        if (!Files.exists(p)) {
          continue; // the store removed it already
        }
        try (Stream<Path> children = Files.isDirectory(p) ? Files.list(p) : Stream.of(p)) {
          if (children.findAny().isPresent()) {
            return;
          }
          Files.delete(p);
        } catch (IOException e) {
          return; // written into meanwhile: it is no longer empty
        }
      }
    }

    /** Deletes the empty folders inside the marker's folder, deepest first. */
    private void removeEmptyFoldersBelow(String container, String name) {
      if (!name.endsWith("/")) {
        return;
      }
      Path folder = store.resolve(container).resolve(name.substring(0, name.length() - 1));
      if (!Files.isDirectory(folder)) {
        return;
      }
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (!p.equals(folder)) {
            Files.delete(p);
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot remove the folders below " + folder, e);
      }
    }

    @Override
    public void removeBlobs(String container, Iterable<String> names) {
      for (String name : names) {
        removeBlob(container, name);
      }
    }

    private boolean isFolderWithFiles(String container, String name) {
      if (!name.endsWith("/")) {
        return false;
      }
      Path folder = store.resolve(container).resolve(name.substring(0, name.length() - 1));
      try (Stream<Path> below = Files.isDirectory(folder) ? Files.walk(folder) : Stream.empty()) {
        return below.anyMatch(Files::isRegularFile);
      } catch (IOException e) {
        return false;
      }
    }
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local S3 server", e);
    } finally {
      context.close();
    }
  }
}
