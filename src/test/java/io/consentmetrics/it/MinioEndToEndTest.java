package io.consentmetrics.it;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The end-to-end scenario against a real MinIO server in a container. Runs where a Docker engine
 * answers; skipped (not failed) elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioEndToEndTest extends MetricsJobEndToEndTest {
  /** Pinned, like the compose file's MinIO: never "latest". */
  static final String MINIO_IMAGE = "minio/minio:RELEASE.2024-01-16T16-07-38Z";

  @Container
  private static final MinIOContainer MINIO = new MinIOContainer(MINIO_IMAGE);

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

  /** Test set-up only: the job itself never talks to S3 but through Hadoop's s3a. */
  @Override
  protected void createBucket(String bucket) {
    AmazonS3 s3 =
        AmazonS3ClientBuilder.standard()
            .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint(), "us-east-1"))
            .withPathStyleAccessEnabled(true)
            .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey(), secretKey())))
            .build();
    s3.createBucket(bucket);
  }

  @Override
  protected String bucket() {
    return "e2e-minio";
  }
}
