package io.consentmetrics.metrics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SPEC rule 9, on both sides of each threshold. */
class QualityGateTest {
  private final QualityGate gate = new QualityGate(0.1, 5);

  @Test
  void aRejectedShareAtTheThresholdPasses() {
    assertEquals(Optional.empty(), gate.failure(100, 10, 5));
  }

  @Test
  void aRejectedShareAboveTheThresholdFailsNamingBoth() {
    assertEquals(
        Optional.of("quality gate: 11% of the lines read were rejected (11 of 100), more than max-rejected-share 0.1;"
            + " nothing was published (see rejected/)"),
        gate.failure(100, 11, 89));
  }

  @Test
  void exactlyTheMinimumOfEventsPasses() {
    assertEquals(Optional.empty(), gate.failure(5, 0, 5));
  }

  @Test
  void fewerEventsThanTheMinimumFailNamingBoth() {
    assertEquals(Optional.of("quality gate: 4 events counted, fewer than min-events 5; nothing was published"),
        gate.failure(5, 0, 4));
  }

  @Test
  void onlyMalformedInputFails() {
    assertEquals(true, new QualityGate(0.1, 1).failure(3, 3, 0).isPresent());
  }
}
