package io.consentmetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void flagsBecomeConfigurationOverridesInBothSpellings() {
    CommandLine cli = CommandLine.parse("--input", "/in", "--output=/out", "--from", "2021-01-23-10");
    assertEquals(Map.of("input", "/in", "output", "/out", "from", "2021-01-23-10"), cli.overrides());
    assertEquals(false, cli.configGiven());
    assertTrue(CommandLine.parse("--config", "s3a://b/c.json").configGiven());
  }

  @Test
  void aRepeatedFlagIsAUsageErrorInEitherSpelling() {
    assertEquals("--input given twice",
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("--input", "/a", "--input=/b")).getMessage());
  }

  @Test
  void aFlagIsNeverTakenAsTheValueOfTheFlagBeforeIt() {
    assertEquals("--output needs a value, not the flag --no-report",
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("--output", "--no-report")).getMessage());
    assertEquals("--input needs a value, not the flag --output=/out",
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("--input", "--output=/out")).getMessage());
  }

  @Test
  void aValueThatOnlyLooksLikeAFlagIsKept() {
    assertEquals(Map.of("input", "--events"), CommandLine.parse("--input", "--events").overrides());
  }

  @Test
  void anUnknownArgumentNamesTheFlagItIsClosestTo() {
    assertEquals("unknown argument: --inptu (did you mean --input?)",
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("--inptu", "/in")).getMessage());
    assertEquals("unknown argument: --no-reports (did you mean --no-report?)",
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("--no-reports")).getMessage());
    assertEquals("unknown argument: --verbose",
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse("--verbose")).getMessage());
  }

  @Test
  void noReportTurnsTheReportOff() {
    assertEquals(Map.of("report", "false"), CommandLine.parse("--no-report").overrides());
  }
}
