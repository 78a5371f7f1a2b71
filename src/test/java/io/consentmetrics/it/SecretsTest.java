package io.consentmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.testing.JobProcess;
import io.consentmetrics.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recognisable secret key never shows: not in any log line (at INFO, with Spark's configuration
 * dump on), not in the summary, not in an error, not in any file the job writes.
 */
class SecretsTest {
  private static final String ACCESS_KEY = "canary-access-key";
  private static final String SECRET = "canary-SECRET-5f1d2c9a77";
  private static S3ProxyServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start(0, ACCESS_KEY, SECRET);
    server.createBucket("secrets");
    server.putObject("secrets", "data/events/datehour=2021-01-23-10/part-0.json",
        MetricsJobEndToEndTest.lines(MetricsJobEndToEndTest.HOUR_10).getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private JobProcess run(String bucket) throws Exception {
    String log4j = Path.of(System.getProperty("project.root", "."), "src/test/resources/log4j-info.properties").toString();
    return JobProcess.start(dir,
        Map.of("AWS_S3_ENDPOINT_URL", server.endpoint(),
            "AWS_ACCESS_KEY_ID", ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", SECRET),
        List.of("-Dconsent-metrics.bucket=" + bucket,
            "-Dconsent-metrics.max-rejected-share=0.3", // the fixture rejects 2 of its 8 lines
            "-Dlog4j.configuration=file:" + log4j,
            "-Dspark.logConf=true",
            "-Dspark.hadoop.fs.s3a.secret.key=" + SECRET));
  }

  @Test
  void theSecretKeyAppearsInNoLogLineSummaryOrOutputFile() throws Exception {
    JobProcess job = run("secrets");
    int status = job.waitFor(300);
    String output = job.output();
    assertEquals(0, status, output);
    assertTrue(output.contains("\"lines_read\""), "the summary was printed");
    assertTrue(output.contains("spark.hadoop.fs.s3a.secret.key=*********(redacted)"), "Spark's dump redacts it");
    assertFalse(output.contains(SECRET), "the secret is in the job's output");
    for (String key : server.keys("secrets", "data/metrics/")) {
      String content = new String(server.getObject("secrets", key), StandardCharsets.ISO_8859_1);
      assertFalse(content.contains(SECRET), key);
    }
  }

  @Test
  void theSecretKeyIsNotInTheErrorOfAFailedRun() throws Exception {
    JobProcess job = run("no-such-bucket");
    int status = job.waitFor(300);
    String output = job.output();
    assertEquals(1, status, output);
    assertTrue(output.contains("consent-metrics: error: "), output);
    assertFalse(output.contains(SECRET), "the secret is in the failed job's output");
  }
}
