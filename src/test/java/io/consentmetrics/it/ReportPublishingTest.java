package io.consentmetrics.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.MainRunner;
import io.consentmetrics.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code report/latest.html} only ever changes to a whole new page of a successful run: a run
 * that fails while writing it, and a run with {@code --no-report}, leave the previous one.
 */
class ReportPublishingTest {
  private static final String BUCKET = "report-publishing";
  private static final String REPORTS = "data/metrics/report/";
  private static final String LATEST = REPORTS + "latest.html";

  private static S3ProxyServer server;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
    server.putObject(BUCKET, "data/events/datehour=2021-01-23-10/part-0.json",
        MetricsJobEndToEndTest.lines(MetricsJobEndToEndTest.HOUR_10).getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aRunWhoseReportFailsOrARunWithoutReportLeavesThePreviousLatestReport() throws Exception {
    MainRunner.Result first = MainRunner.run(server.jobProperties(BUCKET), "--max-rejected-share", "0.5");
    assertEquals(0, first.status(), first.err());
    byte[] latest = server.getObject(BUCKET, LATEST);
    List<String> reports = server.keys(BUCKET, REPORTS);
    assertEquals(2, reports.size(), reports.toString());

    server.onRequest((operation, key) -> {
      if (key.equals(LATEST)) {
        throw new IllegalStateException("injected: cannot store " + key);
      }
    });
    MainRunner.Result failed;
    try {
      Thread.sleep(1100); // a run of its own second
      failed = MainRunner.run(server.jobProperties(BUCKET), "--max-rejected-share", "0.5");
    } finally {
      server.clearHook();
    }
    // current/ was already replaced: the run succeeds, and its summary says the report could not be written.
    assertEquals(0, failed.status(), failed.err());
    assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(failed.out()).get("report_error").asText()
        .startsWith("cannot write s3a://" + BUCKET + "/" + LATEST), failed.out());
    assertArrayEquals(latest, server.getObject(BUCKET, LATEST));

    Thread.sleep(1100);
    MainRunner.Result withoutReport = MainRunner.run(server.jobProperties(BUCKET), "--no-report", "--max-rejected-share", "0.5");
    assertEquals(0, withoutReport.status(), withoutReport.err());
    assertFalse(withoutReport.out().contains("write_report"), withoutReport.out());
    assertArrayEquals(latest, server.getObject(BUCKET, LATEST));
    // The failed run's own page was written before latest.html; the run without report added none.
    assertEquals(3, server.keys(BUCKET, REPORTS).size(), server.keys(BUCKET, REPORTS).toString());
  }
}
