package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import io.consentmetrics.metrics.publish.HaltPoints;
import io.consentmetrics.testing.JobProcess;
import io.consentmetrics.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC rule 3 across runs, through the whole job on local folders: hourly runs deduplicate against
 * the hours run before (the dedup index), a backfill recomputes the later hour it changes, the
 * horizon's edge is the same in full and hourly runs, and a run killed between the index and table/
 * is repaired by its rerun. Each case ends equal to one full run over the same hours.
 */
class HourlyDedupTest {
  private static final String H10 = "2021-01-23-10";
  private static final String H11 = "2021-01-23-11";
  private static final String H12 = "2021-01-23-12";
  private static final String H13 = "2021-01-23-13";
  private static final String H14 = "2021-01-23-14";

  @TempDir Path dir;

  private static String pageview(String id, String hour) {
    return event(id, hour.substring(0, 10) + " " + hour.substring(11) + ":30:00", "pageview", "a.com", id, "FR", null);
  }

  private Path events() {
    return dir.resolve("events");
  }

  private void writeHour(String hour, String... lines) throws IOException {
    Path file = events().resolve("datehour=" + hour + "/part-0.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  /** Runs the job on {@code output} with {@code more} arguments; returns its summary. */
  private JsonNode run(String output, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("--input", events().toString(), "--output", dir.resolve(output).toString(),
        "--no-report"));
    args.addAll(List.of(more));
    MainRunner.Result result = MainRunner.run(Map.of(), args.toArray(String[]::new));
    assertEquals(0, result.status(), result.err());
    return new ObjectMapper().readTree(result.out());
  }

  private String csv(String output) throws IOException {
    return Files.readString(dir.resolve(output).resolve("current/metrics.csv"));
  }

  /** (datehour, pageviews) of the output's table/, in order. */
  private List<String> table(String output) {
    return SharedSpark.session().read().parquet(dir.resolve(output).resolve("table").toString())
        .select("datehour", "pageviews").orderBy("datehour").collectAsList().stream().map(Row::toString).toList();
  }

  @Test
  void anHourlyRunCountsACopyKeptByAnEarlierHourAsADuplicate() throws IOException {
    writeHour(H11, pageview("a", H11), pageview("b", H11));
    writeHour(H12, pageview("a", H12), pageview("c", H12));
    run("hourly", "--from", H11);
    JsonNode second = run("hourly", "--from", H12);

    assertEquals(1, second.get("duplicates").asLong());
    assertEquals(List.of("[" + H11 + ",2]", "[" + H12 + ",1]"), table("hourly"));
    run("full");
    assertEquals(csv("full"), csv("hourly"));
  }

  @Test
  void aBackfillOfAnEarlierHourRecomputesTheLaterHourThatKeptItsId() throws IOException {
    writeHour(H11, pageview("a", H11), pageview("b", H11));
    writeHour(H12, pageview("a", H12), pageview("c", H12));
    JsonNode later = run("hourly", "--from", H12);
    JsonNode backfill = run("hourly", "--from", H11);

    assertEquals(0, later.get("recomputed_hours").size());
    assertEquals(List.of(H12), iterable(backfill.get("recomputed_hours").fieldNames()));
    assertEquals("it shares ids with " + H11 + ", which this run computes, within the dedup horizon",
        backfill.get("recomputed_hours").get(H12).asText());
    assertEquals(List.of("[" + H11 + ",2]", "[" + H12 + ",1]"), table("hourly"));
    run("full");
    assertEquals(csv("full"), csv("hourly"));
  }

  /** The later hour's only event becomes a duplicate of the backfill's copy: the hour leaves table/. */
  @Test
  void aRecomputedHourLeftWithoutGroupsLeavesTable() throws IOException {
    writeHour(H11, pageview("a", H11), pageview("b", H11));
    writeHour(H12, pageview("a", H12));
    run("hourly", "--from", H12);
    run("hourly", "--from", H11);

    assertEquals(List.of("[" + H11 + ",2]"), table("hourly"));
    run("full");
    assertEquals(csv("full"), csv("hourly"));
  }

  /** Nothing in table/ yet, and the run's hour makes no group: current/ is the header alone, as a full run's. */
  @Test
  void anHourlyRunWithNoGroupOnAnEmptyOutputPublishesTheHeaderAlone() throws IOException {
    writeHour(H11, event("a", "2021-01-23 11:30:00", "click", "a.com", "u", "FR", null));
    run("hourly", "--from", H11, "--min-events", "0");
    run("full", "--min-events", "0");

    assertEquals(csv("full"), csv("hourly"));
    assertEquals(1, csv("hourly").lines().count(), csv("hourly"));
  }

  /**
   * Horizon 2 hours: the copy of x 2 hours after its first (exactly the horizon) is a duplicate, the
   * one 3 hours after is new, and the one an hour after that is a duplicate of the new one.
   */
  @Test
  void aCopyMoreThanTheHorizonAfterTheFirstCountsAsNewInFullAndHourlyRuns() throws IOException {
    writeHour(H10, pageview("x", H10), pageview("u10", H10));
    writeHour(H12, pageview("x", H12), pageview("u12", H12));
    writeHour(H13, pageview("x", H13), pageview("u13", H13));
    writeHour(H14, pageview("x", H14), pageview("u14", H14));
    List<String> expected = List.of("[" + H10 + ",2]", "[" + H12 + ",1]", "[" + H13 + ",2]", "[" + H14 + ",1]");

    run("full", "--dedup-horizon", "2");
    assertEquals(expected, table("full"));
    for (String hour : List.of(H14, H10, H13, H12)) {
      run("hourly", "--dedup-horizon", "2h", "--from", hour);
    }
    assertEquals(expected, table("hourly"));
    assertEquals(csv("full"), csv("hourly"));
  }

  /**
   * A backfill halted (as by SIGKILL) after writing the index and before table/: later runs already
   * see a true index, and the backfill's rerun repairs table/ and current/.
   */
  @Test
  void aRunKilledBetweenTheIndexAndTableIsRepairedByItsRerun() throws Exception {
    writeHour(H11, pageview("a", H11), pageview("b", H11));
    writeHour(H12, pageview("a", H12), pageview("c", H12));
    run("hourly", "--from", H12);
    JobProcess killed = JobProcess.start(dir, Map.of(), List.of("-D" + HaltPoints.PROPERTY + "=" + HaltPoints.INDEX_WRITTEN),
        "--input", events().toString(), "--output", dir.resolve("hourly").toString(), "--no-report", "--from", H11);
    assertEquals(HaltPoints.STATUS, killed.waitFor(120), killed.output());
    assertEquals(List.of("[" + H12 + ",2]"), table("hourly"), "table/ as before the killed run");
    Files.delete(dir.resolve("hourly/_lease.json")); // as the operator does after a kill

    JsonNode rerun = run("hourly", "--from", H11);
    assertEquals(List.of(H12), iterable(rerun.get("recomputed_hours").fieldNames()));
    assertEquals(List.of("[" + H11 + ",2]", "[" + H12 + ",1]"), table("hourly"));
    run("full");
    assertEquals(csv("full"), csv("hourly"));
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
