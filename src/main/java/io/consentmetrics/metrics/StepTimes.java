package io.consentmetrics.metrics;

import io.consentmetrics.spark.Heartbeat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The run's steps, each timed under its name for the summary's {@code durations_ms}, in the order
 * they ran, with a heartbeat on the console while a step takes long ({@link Heartbeat}).
 */
final class StepTimes {
  private static final String TOTAL = "total";

  private final SparkSession spark;
  private final Map<String, Long> durationsMs = new LinkedHashMap<>();

  StepTimes(SparkSession spark) {
    this.spark = spark;
  }

  <T> T timed(String step, Supplier<T> work) {
    long started = System.nanoTime();
    try (Heartbeat heartbeat = Heartbeat.forSparkStep(spark, step)) {
      return work.get();
    } finally {
      durationsMs.put(step, millisSince(started));
    }
  }

  void step(String step, Runnable work) {
    timed(step, () -> {
      work.run();
      return null;
    });
  }

  /** The steps' durations so far and, last, the total from {@code startedNanos} to now. */
  Map<String, Long> withTotalSince(long startedNanos) {
    durationsMs.remove(TOTAL);
    durationsMs.put(TOTAL, millisSince(startedNanos));
    return Collections.unmodifiableMap(new LinkedHashMap<>(durationsMs));
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
