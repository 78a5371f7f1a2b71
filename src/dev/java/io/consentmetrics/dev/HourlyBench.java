package io.consentmetrics.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench --hourly}: the job's production schedule on the benchmark's data. Each round runs the
 * job once over all hours, then once per hour in order ({@code --from H}) into an output of its own,
 * as a scheduler would, and checks that the hourly runs' {@code current/metrics.csv} is byte for byte
 * the full run's. It reports the first and the last hourly run (the last has every earlier hour's
 * dedup index behind it), the share of the full run spent writing the index, and the index's size
 * against the input's.
 */
final class HourlyBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Bench bench;

  HourlyBench(Bench bench) {
    this.bench = bench;
  }

  /** The times of one round: the full run, each hourly run in order, and the full run's index share. */
  record Round(double full, double[] hourly, double indexShareOfFull, long indexBytes) {}

  void run(Path data, List<String> hours, int rounds, Path duckCsv, PrintStream out) throws Exception {
    Path work = bench.work();
    PrintStream progress = bench.progress();
    List<Round> measured = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      Path full = work.resolve("hourly-full-out");
      Path hourly = work.resolve("hourly-out");
      Bench.Measured fullRun = bench.runJob(data, full);
      progress.printf("==> round %d: full run %.1f s%n", r, fullRun.seconds());
      Bench.deleteTree(hourly);
      double[] times = new double[hours.size()];
      for (int h = 0; h < hours.size(); h++) {
        times[h] = bench.runJobOn(data, hourly, List.of("--from", hours.get(h))).seconds();
        progress.printf("==> round %d: hourly run %d of %d (%s) %.1f s%n", r, h + 1, hours.size(), hours.get(h), times[h]);
      }
      byte[] fullCsv = Files.readAllBytes(full.resolve("current/metrics.csv"));
      byte[] hourlyCsv = Files.readAllBytes(hourly.resolve("current/metrics.csv"));
      if (!Arrays.equals(fullCsv, hourlyCsv)) {
        throw new IllegalStateException("round " + r + ": the hourly runs' current/metrics.csv differs from the full run's");
      }
      JsonNode durations = JSON.readTree(fullRun.stdout()).path("durations_ms");
      double indexShare = durations.path("write_index").asDouble() / durations.path("total").asDouble();
      measured.add(new Round(fullRun.seconds(), times, indexShare, Bench.bytes(full.resolve("ids"))));
    }
    int rows = Bench.compare(work.resolve("hourly-out/current/metrics.csv"), duckCsv);
    double full = Bench.median(measured.stream().mapToDouble(Round::full).toArray());
    double first = Bench.median(measured.stream().mapToDouble(m -> m.hourly()[0]).toArray());
    double last = Bench.median(measured.stream().mapToDouble(m -> m.hourly()[m.hourly().length - 1]).toArray());
    double all = Bench.median(measured.stream().mapToDouble(m -> Arrays.stream(m.hourly()).sum()).toArray());
    out.printf("%nHourly runs: %d hours run one by one after a full run, medians of %d round%s%n",
        hours.size(), rounds, rounds == 1 ? "" : "s");
    out.printf("  full run %.1f s; first hourly run %.1f s; last hourly run %.1f s (%.2fx the first); all %d hourly runs %.1f s%n",
        full, first, last, last / first, hours.size(), all);
    long ids = measured.get(measured.size() - 1).indexBytes();
    out.printf("  writing the dedup index: %.0f%% of the full run's job time; ids/ holds %.1f MiB, %.0f%% of the input's bytes%n",
        100 * Bench.median(measured.stream().mapToDouble(Round::indexShareOfFull).toArray()), ids / (1024.0 * 1024),
        100.0 * ids / Bench.bytes(data));
    out.printf("  current/metrics.csv of the hourly runs is byte for byte the full run's and agrees with DuckDB's (%d rows)%n",
        rows);
  }
}
