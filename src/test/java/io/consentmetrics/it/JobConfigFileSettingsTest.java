package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.MainRunner;
import io.consentmetrics.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job config file is read before the job's S3 client exists, so the S3 settings in it are the
 * ones the job uses. Two S3 servers hold a bucket of the same name: the command line points at the
 * first, which holds only the config file; the file moves that bucket to the second server, which
 * holds the events. The run can only succeed with the file's setting in effect.
 */
class JobConfigFileSettingsTest {
  private static final String BUCKET = "config-file-endpoint";

  @Test
  void anS3SettingFromTheConfigFileIsTheOneTheJobUses() {
    try (S3ProxyServer configServer = S3ProxyServer.start(); S3ProxyServer dataServer = S3ProxyServer.start()) {
      configServer.createBucket(BUCKET);
      dataServer.createBucket(BUCKET);
      configServer.putObject(BUCKET, "config/job.json",
          ("{\"hadoop\": {\"fs.s3a.bucket." + BUCKET + ".endpoint\": \"" + dataServer.endpoint() + "\"}}")
              .getBytes(StandardCharsets.UTF_8));
      dataServer.putObject(BUCKET, "data/events/datehour=2021-01-23-10/part-0.json",
          (event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", null) + "\n")
              .getBytes(StandardCharsets.UTF_8));

      MainRunner.Result result =
          MainRunner.run(configServer.jobProperties(BUCKET), "--config", "s3a://" + BUCKET + "/config/job.json");

      assertEquals(0, result.status(), result.err());
      assertEquals(List.of("data/metrics/current/metrics.csv"), dataServer.keys(BUCKET, "data/metrics/current/"));
      assertTrue(configServer.keys(BUCKET, "data/").isEmpty(), "nothing read from or written to the first server");
    }
  }
}
