package io.consentmetrics.metrics.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which paths under an output root are this job's leftovers: only what a run of it wrote. */
class LeftoversTest {
  private static final String RUN = "year=2021/month=01/day=23/time=100000.000-dead";

  @Test
  void theJobsOwnScratchIsALeftover() {
    assertEquals("_staging/20210123T100000.000Z-dead", Leftovers.leftoverOf("_staging/20210123T100000.000Z-dead/current/part-0.csv"));
    assertEquals("table/_temporary", Leftovers.leftoverOf("table/_temporary/0/part-0.parquet"));
    assertEquals("table/_temporary", Leftovers.leftoverOf("table/_temporary/0"));
    assertEquals("table/.spark-staging-1234", Leftovers.leftoverOf("table/.spark-staging-1234/datehour=x/part-0.parquet"));
    assertEquals("hist/" + RUN + "/_temporary", Leftovers.leftoverOf("hist/" + RUN + "/_temporary/0/_temporary/x"));
    assertEquals("rejected/" + RUN + "/_temporary", Leftovers.leftoverOf("rejected/" + RUN + "/_temporary"));
    assertEquals("summary/" + RUN + "/_summary.json.tmp", Leftovers.leftoverOf("summary/" + RUN + "/_summary.json.tmp"));
    assertEquals("report/" + RUN + "/_index.html.tmp", Leftovers.leftoverOf("report/" + RUN + "/_index.html.tmp"));
    assertEquals("report/_latest.html.tmp", Leftovers.leftoverOf("report/_latest.html.tmp"));
    assertEquals("current/._metrics.csv.tmp.crc", Leftovers.leftoverOf("current/._metrics.csv.tmp.crc"));
  }

  @Test
  void foreignFilesThatLookLikeScratchAreNotLeftovers() {
    for (String foreign : new String[] {"notes/_draft.tmp", "notes/.spark-staging-keep", "archive/_temporary/keep.txt",
        "_staging/not-a-run/file.txt", "events/datehour=2021-01-23-10/_upload.json.tmp", "_draft.tmp",
        "table/datehour=2021-01-23-10/_upload.tmp", "hist/_temporary/0/x", "hist/year=2021/_temporary/x",
        "_lease.json", "table/datehour=2021-01-23-10/part-0.parquet", "current/metrics.csv"}) {
      assertNull(Leftovers.leftoverOf(foreign), foreign);
    }
  }

  @Test
  void thePatternsMatchTheNamesOutputLayoutGives() {
    OutputLayout layout = new OutputLayout("/out", Instant.parse("2021-01-23T10:00:00.123Z"), OutputLayout.randomSuffix());
    assertTrue(Leftovers.RUN_ID.matcher(layout.runId()).matches(), layout.runId());
    String hist = layout.hist().substring("/out/".length()) + "/";
    assertTrue(Leftovers.RUN_PARTITION.matcher(hist).matches(), hist);
  }
}
