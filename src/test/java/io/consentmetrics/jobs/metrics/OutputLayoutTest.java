package io.consentmetrics.jobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Run folders are named after the run's start in UTC, Hive style, so hist/ reads as one table. */
class OutputLayoutTest {
  private final OutputLayout layout =
      new OutputLayout("s3a://b/data/metrics/", Instant.parse("2021-01-23T09:05:07Z"));

  @Test
  void everyOutputHasItsPlaceUnderTheRoot() {
    assertEquals("s3a://b/data/metrics/current/metrics.csv", layout.currentCsv());
    assertEquals("s3a://b/data/metrics/hist/year=2021/month=01/day=23/time=090507", layout.hist());
    assertEquals("s3a://b/data/metrics/rejected/year=2021/month=01/day=23/time=090507", layout.rejected());
    assertEquals("s3a://b/data/metrics/summary/year=2021/month=01/day=23/time=090507/summary.json", layout.summary());
    assertEquals("s3a://b/data/metrics/table", layout.table());
    assertEquals("s3a://b/data/metrics/_staging/20210123T090507Z", layout.staging());
  }

  @Test
  void eachRunsReportSitsInTheRunsPartitionAndTheLatestAtTheTop() {
    assertEquals(layout.hist().replace("/hist/", "/report/") + "/index.html", layout.report());
    assertEquals("s3a://b/data/metrics/report/latest.html", layout.latestReport());
  }
}
