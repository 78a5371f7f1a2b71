package io.consentmetrics.metrics.read;

import io.consentmetrics.metrics.rules.Accounting;
import io.consentmetrics.metrics.rules.RejectReason;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
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

  /** What was counted: all lines, and the rejected ones by reason (every reason present). */
  public record Value(long linesRead, Map<RejectReason, Long> rejectedByReason) {}

  private long lines;
  private final long[] rejected = new long[RejectReason.values().length];

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

  @Override
  public Value value() {
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    for (RejectReason r : RejectReason.values()) {
      byReason.put(r, rejected[r.ordinal()]);
    }
    return new Value(lines, Map.copyOf(byReason));
  }

  @Override
  public boolean isZero() {
    return lines == 0;
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
  }

  @Override
  public void merge(AccumulatorV2<RejectReason, Value> other) {
    LineCounts o = (LineCounts) other;
    lines += o.lines;
    for (int i = 0; i < rejected.length; i++) {
      rejected[i] += o.rejected[i];
    }
  }
}
