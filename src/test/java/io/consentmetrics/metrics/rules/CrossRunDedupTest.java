package io.consentmetrics.metrics.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.metrics.rules.CrossRunDedup.Folder;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Which folders keep an id, from the folders that hold it (SPEC rule 3 with the dedup horizon). */
class CrossRunDedupTest {
  private static final long HORIZON = 2;

  private static Folder toDecide(String datehour) {
    return new Folder(datehour, false, false);
  }

  private static List<String> decided(List<Folder> folders) {
    return CrossRunDedup.decide("x", folders, HORIZON).stream()
        .map(r -> r.getString(2) + "=" + r.getBoolean(1)).toList();
  }

  @Test
  void theFirstFolderKeepsTheIdAndACopyExactlyAtTheHorizonIsADuplicate() {
    assertEquals(List.of("2021-01-23-10=true", "2021-01-23-12=false"),
        decided(List.of(toDecide("2021-01-23-12"), toDecide("2021-01-23-10"))));
  }

  @Test
  void aCopyOneHourPastTheHorizonIsNewAndStartsItsOwnHorizon() {
    assertEquals(List.of("2021-01-23-10=true", "2021-01-23-13=true", "2021-01-23-15=false", "2021-01-23-16=true"),
        decided(List.of(toDecide("2021-01-23-10"), toDecide("2021-01-23-13"), toDecide("2021-01-23-15"),
            toDecide("2021-01-23-16"))));
  }

  @Test
  void theHorizonCountsFromTheLastKeptFolderNotFromTheLastCopy() {
    // 11 and 12 are duplicates of 10; 13 is 3 hours after 10 (past the horizon) though 1 after 12.
    assertEquals(List.of("2021-01-23-10=true", "2021-01-23-11=false", "2021-01-23-12=false", "2021-01-23-13=true"),
        decided(List.of(toDecide("2021-01-23-10"), toDecide("2021-01-23-11"), toDecide("2021-01-23-12"),
            toDecide("2021-01-23-13"))));
  }

  @Test
  void anIndexedFolderKeepsItsFlagAndOnlyTheFoldersToDecideAreGiven() {
    // The index says 09 kept x: 10 is its duplicate; 08 (indexed, not kept) changes nothing.
    List<Row> rows = CrossRunDedup.decide("x", List.of(new Folder("2021-01-23-09", true, true),
        new Folder("2021-01-23-08", false, true), toDecide("2021-01-23-10")), HORIZON);
    assertEquals(List.of("[x,false,2021-01-23-10]"), rows.stream().map(Row::toString).toList());
  }

  @Test
  void acrossMidnightTheHoursAreCountedAsTime() {
    assertEquals(List.of("2021-01-23-23=true", "2021-01-24-01=false", "2021-01-24-02=true"),
        decided(List.of(toDecide("2021-01-23-23"), toDecide("2021-01-24-01"), toDecide("2021-01-24-02"))));
  }
}
