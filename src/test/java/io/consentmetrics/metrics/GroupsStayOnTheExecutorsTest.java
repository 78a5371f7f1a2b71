package io.consentmetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.spark.SparkSessions;
import io.consentmetrics.testing.Fixtures;
import io.consentmetrics.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's groups stay on the executors: only sums per hour come back to the driver, whatever the
 * number of groups. Bot traffic with random subdomains makes a group per event; a run that brought
 * a million groups to the driver and shipped them back inside its write tasks was taken down.
 */
class GroupsStayOnTheExecutorsTest {
  private static final int GROUPS = 20_000;

  @TempDir Path tmp;

  @Test
  void noTaskResultGrowsWithTheNumberOfGroups() throws Exception {
    List<String> lines = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < GROUPS; i++) {
      // Random subdomains, as bots make them: rows that do not compress away in a task's result.
      String domain = new UUID(random.nextLong(), random.nextLong()) + ".example";
      lines.add(Fixtures.event("e" + i, "2021-01-23 10:00:00", "pageview", domain, "u", "FR", null));
    }
    Path hour = Files.createDirectories(tmp.resolve("events/datehour=2021-01-23-10"));
    Files.write(hour.resolve("a.json"), lines);
    AtomicLong largestResult = new AtomicLong();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          largestResult.accumulateAndGet(end.taskMetrics().resultSize(), Math::max);
        }
      }
    };
    SparkContext sc = SharedSpark.session().sparkContext();
    sc.addSparkListener(listener);
    RunSummary summary;
    try {
      JobConfig config = JobConfig.load(Map.of(
          JobConfig.INPUT, tmp.resolve("events").toString(),
          JobConfig.OUTPUT, tmp.resolve("metrics").toString(),
          JobConfig.REPORT, "false"));
      SparkSessions.apply(SharedSpark.session(), config); // as Main does: local outputs get Spark's own committer
      summary = MetricsJob.run(SharedSpark.session(), config, Instant.now());
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(listener);
    }
    assertEquals(GROUPS, summary.published().groupsWritten());
    List<String> csv = Files.readAllLines(tmp.resolve("metrics/current/metrics.csv"));
    assertEquals(GROUPS + 1, csv.size());
    List<String> rows = csv.subList(1, csv.size());
    assertEquals(rows.stream().sorted().toList(), rows, "sorted by datehour, domain, country");
    // Each group would be tens of bytes in a task's result: 20,000 of them, a megabyte or more.
    assertTrue(largestResult.get() < 256 << 10, "largest task result: " + largestResult.get() + " bytes");
  }
}
