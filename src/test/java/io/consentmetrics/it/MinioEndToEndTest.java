package io.consentmetrics.it;

import io.consentmetrics.testing.MinioImage;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The end-to-end scenario against a real MinIO server in a container. Runs where a Docker engine
 * answers; skipped (not failed) elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioEndToEndTest extends MetricsJobEndToEndTest {
  @Container
  private static final MinIOContainer MINIO = new MinIOContainer(MinioImage.IN_TESTS);

  @Override
  protected String endpoint() {
    return "http://" + MINIO.getHost() + ":" + MINIO.getMappedPort(9000);
  }

  @Override
  protected String accessKey() {
    return MINIO.getUserName();
  }

  @Override
  protected String secretKey() {
    return MINIO.getPassword();
  }

  @Override
  protected void createBucket(String bucket) {
    createBucketWithAwsSdk(bucket);
  }

  @Override
  protected String bucket() {
    return "e2e-minio";
  }
}
