package io.consentmetrics.testing;

/** The MinIO image of the Testcontainers tests: the compose file's, pinned (never "latest"). */
public final class MinioImage {
  private MinioImage() {}

  public static final String IN_TESTS = "minio/minio:RELEASE.2024-10-29T16-01-48Z";
}
