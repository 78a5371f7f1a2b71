package io.consentmetrics.metrics;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.spark.SparkSessions;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * SPEC rule 3 across runs: whatever the schedule of incremental runs over some hours (in order, out
 * of order, backfills, reruns, overlapping ranges), the final {@code current/metrics.csv} is the one
 * a single full run over those hours publishes, byte for byte. Each try generates a few hours of a
 * few dozen events whose ids are delivered again across hours, a dedup horizon of 1, 2 or 168 hours,
 * and a random schedule of ranges that ends up covering every hour; jqwik shrinks a failure to a small
 * seed. Runs the job in-process on the shared session, on local folders.
 *
 * <p>A try is a full run and two to ten incremental runs, each a few seconds of Spark jobs on the
 * shared two cores, so the suite runs a few tries ({@code jqwik.tries.default} in
 * junit-platform.properties); {@code CrossRunDedupModelPropertyTest} checks the schedule logic on
 * thousands of schedules without Spark. After changing the rule, run more: {@code
 * -Djqwik.tries.default=200}.
 */
class IncrementalSchedulePropertyTest {
  private static final AtomicInteger TRY = new AtomicInteger();
  private static final String[] TYPES = {"pageview", "pageview", "consent.asked", "consent.given", "click"};

  @Property
  void anyScheduleGivesTheFullRunsCsv(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int hours) throws IOException {
    Random random = new Random(seed);
    Path dir = Files.createTempDirectory("schedule-" + TRY.incrementAndGet());
    try {
      Path input = dir.resolve("events");
      writeEvents(input, hours, random);
      String horizon = List.of("1", "2", "168").get(random.nextInt(3));
      String full = dir.resolve("full").toString();
      run(input, full, horizon, null, null);
      String incremental = dir.resolve("incremental").toString();
      List<int[]> schedule = schedule(hours, random);
      for (int[] range : schedule) {
        run(input, incremental, horizon, hour(range[0]), hour(range[1]));
      }
      assertEquals(csv(full), csv(incremental), "horizon " + horizon + "h, schedule " + describe(schedule));
    } finally {
      deleteTree(dir);
    }
  }

  private static String hour(int h) {
    return String.format("2021-01-23-%02d", h);
  }

  /** Ids from a pool of 12, so that most are delivered in several hours, some twice in one hour. */
  private static void writeEvents(Path input, int hours, Random random) throws IOException {
    for (int h = 0; h < hours; h++) {
      List<String> lines = new ArrayList<>();
      int events = 3 + random.nextInt(6);
      for (int e = 0; e < events; e++) {
        String datetime = random.nextInt(8) == 0 ? null
            : String.format("2021-01-23 %02d:%02d:%02d", Math.max(0, h - random.nextInt(2)), random.nextInt(60), random.nextInt(2));
        lines.add(event("id-" + random.nextInt(12), datetime, TYPES[random.nextInt(TYPES.length)],
            random.nextBoolean() ? "a.com" : "b.com", "u" + random.nextInt(3), random.nextBoolean() ? "FR" : "DE",
            random.nextBoolean() ? "{\"purposes\":{\"enabled\":[\"p\"]}}" : null));
      }
      Path file = input.resolve("datehour=" + hour(h) + "/part-0.json");
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", lines) + "\n");
    }
  }

  /** Two to five random ranges (reruns and overlaps included), then each hour not yet run, in random order. */
  private static List<int[]> schedule(int hours, Random random) {
    List<int[]> runs = new ArrayList<>();
    boolean[] covered = new boolean[hours];
    int n = 2 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      int from = random.nextInt(hours);
      int to = from + random.nextInt(Math.min(3, hours - from));
      runs.add(new int[] {from, to});
      for (int h = from; h <= to; h++) {
        covered[h] = true;
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      if (!covered[h]) {
        missing.add(h);
      }
    }
    java.util.Collections.shuffle(missing, random);
    missing.forEach(h -> runs.add(new int[] {h, h}));
    return runs;
  }

  private static String describe(List<int[]> schedule) {
    return schedule.stream().map(r -> r[0] + "-" + r[1]).toList().toString();
  }

  private static void run(Path input, String output, String horizon, String from, String to) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(JobConfig.INPUT, input.toString());
    settings.put(JobConfig.OUTPUT, output);
    settings.put("shuffle-partitions", "1");
    settings.put(JobConfig.REPORT, "false");
    settings.put(JobConfig.MIN_EVENTS, "0");
    settings.put(JobConfig.DEDUP_HORIZON, horizon);
    if (from != null) {
      settings.put(JobConfig.FROM, from);
      settings.put(JobConfig.TO, to);
    }
    JobConfig config = JobConfig.load(settings);
    SparkSessions.apply(SharedSpark.session(), config); // as Main does: local outputs get Spark's own committer
    MetricsJob.run(SharedSpark.session(), config, Instant.now());
  }

  private static String csv(String output) throws IOException {
    return Files.readString(Path.of(output, "current", "metrics.csv"));
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
