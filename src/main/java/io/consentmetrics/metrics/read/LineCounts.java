package io.consentmetrics.metrics.read;

import io.consentmetrics.metrics.rules.Accounting;
import io.consentmetrics.metrics.rules.RejectReason;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * Counts the lines read and the lines rejected for each reason, as the reader parses them: a Spark
 * accumulator, so the counts come from the job's one pass over the input. Like every update made
 * outside an action, a task that Spark runs again would be counted again; the run checks that
 * the counts add up ({@link Accounting.Counts#balances}) and warns when they do not.
 */
public final class LineCounts extends AccumulatorV2<RejectReason, LineCounts.Value> {
  private static final long serialVersionUID = 1L;

  /**
   * What was counted: all lines, the rejected ones by reason (every reason present), and both per
   * datehour folder (sorted), for the report's per-hour data quality.
   */
  public record Value(long linesRead, Map<RejectReason, Long> rejectedByReason, Map<String, Hour> perHour) {}

  /** The lines of one datehour folder: read, and rejected for any reason. */
  public record Hour(long linesRead, long rejected) {}

  private long lines;
  private final long[] rejected = new long[RejectReason.values().length];
  /** Per datehour: {lines read, lines rejected}. A handful of entries: one per hour read. */
  private final HashMap<String, long[]> hours = new HashMap<>();
  /** The entry of the hour last counted: a reader's lines come file by file, so lookups are rare. */
  private transient String lastHour;
  private transient long[] lastHourCounts;

  /** A new count, registered with {@code spark} so that the tasks' counts come back to the driver. */
  public static LineCounts register(SparkContext spark) {
    LineCounts counts = new LineCounts();
    spark.register(counts, "lines");
    return counts;
  }

  /** Counts one line: accepted ({@code null}) or rejected for {@code reason}. */
  @Override
  public void add(RejectReason reason) {
    lines++;
    if (reason != null) {
      rejected[reason.ordinal()]++;
    }
  }

  /** Counts one line of the folder {@code datehour}, per hour too. */
  public void add(RejectReason reason, String datehour) {
    add(reason);
    if (datehour != lastHour) { // the reader hands the same String for every line of a file
      lastHourCounts = hours.computeIfAbsent(datehour, h -> new long[2]);
      lastHour = datehour;
    }
    lastHourCounts[0]++;
    if (reason != null) {
      lastHourCounts[1]++;
    }
  }

  @Override
  public Value value() {
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    for (RejectReason r : RejectReason.values()) {
      byReason.put(r, rejected[r.ordinal()]);
    }
    Map<String, Hour> perHour = new TreeMap<>();
    hours.forEach((hour, c) -> perHour.put(hour, new Hour(c[0], c[1])));
    return new Value(lines, Map.copyOf(byReason), java.util.Collections.unmodifiableMap(perHour));
  }

  @Override
  public boolean isZero() {
    return lines == 0 && hours.isEmpty();
  }

  @Override
  public LineCounts copy() {
    LineCounts copy = new LineCounts();
    copy.merge(this);
    return copy;
  }

  @Override
  public void reset() {
    lines = 0;
    Arrays.fill(rejected, 0);
    hours.clear();
    lastHour = null;
    lastHourCounts = null;
  }

  @Override
  public void merge(AccumulatorV2<RejectReason, Value> other) {
    LineCounts o = (LineCounts) other;
    lines += o.lines;
    for (int i = 0; i < rejected.length; i++) {
      rejected[i] += o.rejected[i];
    }
    o.hours.forEach((hour, c) -> {
      long[] mine = hours.computeIfAbsent(hour, h -> new long[2]);
      mine[0] += c[0];
      mine[1] += c[1];
    });
    lastHour = null; // the map's arrays may have been replaced
  }
}
