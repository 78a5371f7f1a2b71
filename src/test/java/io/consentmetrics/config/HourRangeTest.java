package io.consentmetrics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HourRangeTest {
  /** As the command line names them. */
  private static HourRange range(String from, String to) {
    return HourRange.of("--from", from, "--to", to);
  }

  @Test
  void listsEveryHourOfTheRangeInclusiveAcrossMidnight() {
    assertEquals(
        List.of("2021-01-23-22", "2021-01-23-23", "2021-01-24-00"),
        range("2021-01-23-22", "2021-01-24-00").datehours());
    assertEquals(List.of("2021-01-23-10"), range("2021-01-23-10", null).datehours());
  }

  @Test
  void rejectsMalformedReversedAndOverlongRanges() {
    assertEquals("--from must be YYYY-MM-DD-HH, not 2021-01-23",
        assertThrows(IllegalArgumentException.class, () -> range("2021-01-23", null)).getMessage());
    assertEquals("--from is not a valid hour: 2021-02-30-10",
        assertThrows(IllegalArgumentException.class, () -> range("2021-02-30-10", null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> range("2021-01-23-10", "2021-01-23-09"));
    assertThrows(IllegalArgumentException.class, () -> range("2021-01-01-00", "2021-03-01-00"));
  }
}
