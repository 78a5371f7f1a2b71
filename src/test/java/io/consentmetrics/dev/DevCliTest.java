package io.consentmetrics.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The development tools' command line: help, one-line errors, exit statuses. */
class DevCliTest {
  private static final DevCli CLI =
      new DevCli("demo", "Does a demo.")
          .option("--events", "N", null, "how many")
          .option("--rate", "R", "0", "a share")
          .flag("--gzip", "compress");

  private record Outcome(int status, String out, String err) {}

  private static Outcome run(DevCli.Tool tool, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = CLI.run(args, tool, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryOptionWithItsDefaultAndRunsNothing() {
    Outcome o = run(options -> { throw new AssertionError("ran"); }, "--events", "3", "--help");
    assertEquals(0, o.status());
    assertEquals("", o.err());
    assertTrue(o.out().startsWith("Usage: ./interview-challenge.sh demo --events N [--rate R] [--gzip]"), o.out());
    assertTrue(o.out().matches("(?s).*--rate R +a share \\(default 0\\).*"), o.out());
    assertTrue(o.out().contains("--help"), o.out());
  }

  @Test
  void aMissingRequiredOptionIsOneLineAndExitStatus2() {
    Outcome o = run(options -> 0, "--rate", "0.5");
    assertEquals(2, o.status());
    assertEquals("interview-challenge: error: demo: missing --events N (see ./interview-challenge.sh demo --help)"
        + System.lineSeparator(), o.err());
  }

  @Test
  void badValuesAreUsageErrors() {
    assertEquals(2, run(options -> (int) options.positiveLong("--events"), "--events", "ten").status());
    assertEquals(2, run(options -> (int) options.positiveLong("--events"), "--events", "0").status());
    assertEquals(2, run(options -> (int) options.fraction("--rate"), "--events", "1", "--rate", "1.5").status());
    assertEquals(2, run(options -> 0, "--events", "1", "--frob").status());
    assertEquals(2, run(options -> 0, "--events").status());
  }

  @Test
  void aFailureIsOneLineWithoutStackTraceAndExitStatus1() {
    Outcome o = run(options -> { throw new IllegalStateException("disk full", new RuntimeException("ENOSPC")); },
        "--events", "1");
    assertEquals(1, o.status());
    assertEquals("interview-challenge: error: demo: disk full: ENOSPC" + System.lineSeparator(), o.err());
  }

  @Test
  void valuesDefaultsSwitchesAndArgumentsAfterDoubleDash() {
    DevCli.Parsed p = CLI.parse("--events", "1_000", "--gzip", "--", "--input", "x");
    assertEquals(1000, p.positiveLong("--events"));
    assertEquals(0.0, p.fraction("--rate"));
    assertTrue(p.has("--gzip"));
    assertTrue(p.given("--events"));
    assertFalse(p.given("--rate"));
    assertEquals(List.of("--input", "x"), p.rest());
  }

  @Test
  void theToolsStatusIsTheExitStatus() {
    assertEquals(7, run(options -> 7, "--events", "1").status());
  }
}
