package io.consentmetrics.metrics.rules;

import io.consentmetrics.spark.FirstCopies;

/**
 * How many partitions the run's shuffles get, from the size of its input. Every map task writes one
 * segment per partition, so 200 partitions for a few MB of input is thousands of tiny files; too
 * few, and a deduplication task holds too many ids in memory (see {@link FirstCopies}). One
 * partition per 64 MB of input keeps each near 200,000 events: about 50 MB of execution memory
 * for its kept rows. Against one per 32 MB, the tasks of every shuffle halve and the run is faster,
 * for more peak memory (docs/performance.md).
 */
public final class ShufflePartitions {
  private ShufflePartitions() {}

  static final long INPUT_BYTES_PER_PARTITION = 64L << 20;

  /** Between the cluster's parallelism and {@code max} (the {@code shuffle-partitions} setting). */
  public static int forInput(long inputBytes, int parallelism, int max) {
    long bySize = (inputBytes + INPUT_BYTES_PER_PARTITION - 1) / INPUT_BYTES_PER_PARTITION;
    return (int) Math.max(1, Math.min(max, Math.max(parallelism, bySize)));
  }
}
