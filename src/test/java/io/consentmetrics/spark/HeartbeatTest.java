package io.consentmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A long step says it is still running; a short one says nothing. */
class HeartbeatTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aStepLongerThanTheIntervalSaysSoWithItsProgress() throws InterruptedException {
    try (Heartbeat beat = Heartbeat.start(out, "compute", Duration.ofMillis(100), () -> "stage 1: 3/8 tasks")) {
      Thread.sleep(350);
    }
    String first = printed().lines().findFirst().orElse("");
    assertEquals("consent-metrics: compute still running (0 s; stage 1: 3/8 tasks)", first);
    assertTrue(printed().lines().count() >= 2, printed());
  }

  @Test
  void aShortStepPrintsNothingAndNothingAfterItEnds() throws InterruptedException {
    try (Heartbeat beat = Heartbeat.start(out, "compute", Duration.ofMillis(200), () -> "")) {
      Thread.sleep(20);
    }
    Thread.sleep(400);
    assertEquals("", printed());
  }
}
