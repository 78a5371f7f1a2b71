package io.consentmetrics.metrics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The shuffle width follows the input: one partition per 64 MB, at least the parallelism, at most the setting. */
class ShufflePartitionsTest {
  @Test
  void smallInputsGetTheParallelismAndLargeOnesOnePartitionPer64Mb() {
    assertEquals(2, ShufflePartitions.forInput(1_500_000, 2, 200));
    assertEquals(15, ShufflePartitions.forInput(941_456_510, 2, 200));
    assertEquals(200, ShufflePartitions.forInput(100L << 30, 2, 200));
    assertEquals(1, ShufflePartitions.forInput(10, 2, 1));
  }
}
