package io.consentmetrics.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A test's line says FAILED only when it failed; one skipped by an assumption says SKIPPED. */
class TestProgressTest {
  @Test
  void aSkippedTestIsNotCalledFailed() {
    assertEquals("", TestProgress.outcome(Optional.empty()));
    assertEquals(" SKIPPED", TestProgress.outcome(Optional.of(new TestAbortedException("no Docker"))));
    assertEquals(" FAILED", TestProgress.outcome(Optional.of(new AssertionError("x"))));
    assertEquals("[test] ATest.m 2.5 s SKIPPED", TestProgress.line("ATest", "m", 2_500, " SKIPPED"));
  }
}
