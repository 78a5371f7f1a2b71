package io.consentmetrics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpellingTest {
  private static final List<String> KNOWN = List.of("min-events", "max-rejected-share", "lease-max-age");

  @Test
  void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
    assertEquals(0, Spelling.editDistance("--to", "--to"));
    assertEquals(2, Spelling.editDistance("--inptu", "--input"));
    assertEquals(1, Spelling.editDistance("--fro", "--from"));
    assertEquals(4, Spelling.editDistance("", "--to"));
  }

  @Test
  void theClosestKnownNameWithinTwoEditsIsOffered() {
    assertEquals(Optional.of("max-rejected-share"), Spelling.closest("max-rejected-shares", KNOWN));
    assertEquals(Optional.of("min-events"), Spelling.closest("min-evnts", KNOWN));
  }

  @Test
  void nothingIsOfferedForANameThreeEditsFromEveryKnownOne() {
    assertEquals(Optional.empty(), Spelling.closest("min-e", KNOWN));
  }
}
