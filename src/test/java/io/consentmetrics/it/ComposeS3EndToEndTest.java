package io.consentmetrics.it;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The end-to-end scenario against the S3 server of the Docker development environment (MinIO in
 * docker-compose.yml). {@code ./interview-challenge.sh run-tests --docker} runs the suite inside
 * the spark container with {@value #ENDPOINT_VARIABLE} set; skipped everywhere else.
 */
@EnabledIfEnvironmentVariable(named = ComposeS3EndToEndTest.ENDPOINT_VARIABLE, matches = ".+")
class ComposeS3EndToEndTest extends MetricsJobEndToEndTest {
  static final String ENDPOINT_VARIABLE = "CONSENT_METRICS_IT_S3_ENDPOINT";

  @Override
  protected String endpoint() {
    return System.getenv(ENDPOINT_VARIABLE);
  }

  @Override
  protected String accessKey() {
    return System.getenv("AWS_ACCESS_KEY_ID");
  }

  @Override
  protected String secretKey() {
    return System.getenv("AWS_SECRET_ACCESS_KEY");
  }

  @Override
  protected void createBucket(String bucket) {
    createBucketWithAwsSdk(bucket);
  }

  /** Not the environment's own bucket: the test must not touch the seeded sample data. */
  @Override
  protected String bucket() {
    return "e2e-compose";
  }
}
