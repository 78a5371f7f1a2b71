package io.consentmetrics.metrics.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Run folders are named after the run's start in UTC, Hive style, so hist/ reads as one table. */
class OutputLayoutTest {
  private static final Instant START = Instant.parse("2021-01-23T09:05:07.042Z");
  private final OutputLayout layout = new OutputLayout("s3a://b/data/metrics/", START, "4f2a");

  @Test
  void everyOutputHasItsPlaceUnderTheRoot() {
    assertEquals("s3a://b/data/metrics/current/metrics.csv", layout.currentCsv());
    assertEquals("s3a://b/data/metrics/hist/year=2021/month=01/day=23/time=090507.042-4f2a", layout.hist());
    assertEquals("s3a://b/data/metrics/rejected/year=2021/month=01/day=23/time=090507.042-4f2a", layout.rejected());
    assertEquals(
        "s3a://b/data/metrics/summary/year=2021/month=01/day=23/time=090507.042-4f2a/summary.json", layout.summary());
    assertEquals("s3a://b/data/metrics/table", layout.table());
    assertEquals("s3a://b/data/metrics/_staging/20210123T090507.042Z-4f2a", layout.staging());
  }

  @Test
  void aRunThatDrawsTheSuffixOfAnEarlierRunInTheSameMillisecondDrawsAgain() {
    Iterator<String> draws = List.of("4f2a", "4f2a", "0b17").iterator();
    OutputLayout first = OutputLayout.forNewRun("/out", START, draws::next, folder -> false);
    Set<String> written = Set.of(first.hist(), first.rejected(), first.summary(), first.report());
    OutputLayout second = OutputLayout.forNewRun("/out", START, draws::next, written::contains);
    assertEquals("4f2a", first.suffix());
    assertEquals("0b17", second.suffix());
    assertNotEquals(first.runId(), second.runId());
    assertNotEquals(first.hist(), second.hist());
  }

  @Test
  void aRunWhoseHistFolderAloneIsTakenDrawsAgain() {
    Iterator<String> draws = List.of("4f2a", "0b17").iterator();
    String taken = new OutputLayout("/out", START, "4f2a").hist();
    assertEquals("0b17", OutputLayout.forNewRun("/out", START, draws::next, taken::equals).suffix());
  }

  @Test
  void runIdsSortByStartTime() {
    OutputLayout earlier = new OutputLayout("/out", START, "ffff");
    OutputLayout later = new OutputLayout("/out", START.plusMillis(1), "0000");
    assertTrue(earlier.runId().compareTo(later.runId()) < 0);
  }

  @Test
  void theTimePartitionValueIsNeverANumber() {
    OutputLayout midnight = new OutputLayout("/out", Instant.parse("2021-01-23T00:00:01Z"), "0000");
    String time = midnight.hist().substring(midnight.hist().indexOf("time=") + 5);
    assertEquals("000001.000-0000", time);
    assertTrue(!time.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?[dDfF]?"), time);
  }

  @Test
  void eachRunsReportSitsInTheRunsPartitionAndTheLatestAtTheTop() {
    assertEquals(layout.hist().replace("/hist/", "/report/") + "/index.html", layout.report());
    assertEquals("s3a://b/data/metrics/report/latest.html", layout.latestReport());
  }
}
