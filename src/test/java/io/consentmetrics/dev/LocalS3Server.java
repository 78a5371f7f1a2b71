package io.consentmetrics.dev;

import io.consentmetrics.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The S3 server of the Docker-less development run: S3Proxy on 127.0.0.1, playing the part of the
 * compose file's MinIO and its setup container. It creates the bucket, uploads the seed folder
 * under {@code data/}, writes its endpoint to a file once it answers, and on shutdown (SIGTERM)
 * exports {@code data/metrics/} to a local folder, since its store lives in memory.
 *
 * <p>Usage: {@code LocalS3Server --bucket B --seed DIR --endpoint-file FILE --export DIR [--port P]};
 * credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
 */
public final class LocalS3Server {
  private LocalS3Server() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = DevArgs.parse(args, List.of());
    String bucket = DevArgs.required(a, "--bucket");
    Path seed = Path.of(DevArgs.required(a, "--seed"));
    Path endpointFile = Path.of(DevArgs.required(a, "--endpoint-file"));
    Path export = Path.of(DevArgs.required(a, "--export"));
    int port = Integer.parseInt(a.getOrDefault("--port", "0"));

    S3ProxyServer server =
        S3ProxyServer.start(port, env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"));
    server.createBucket(bucket);
    server.uploadDirectory(bucket, "data/", seed);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.downloadPrefix(bucket, "data/metrics/", export);
      server.close();
    }));
    Files.writeString(endpointFile, server.endpoint());
    System.out.println("S3 API (S3Proxy) at " + server.endpoint() + ", bucket " + bucket
        + " seeded with " + server.keys(bucket, "data/").size() + " objects");
    Thread.currentThread().join(); // serve until SIGTERM
  }

  private static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }
}
