package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run leaves on a local output for a person: the report shows every hour of current/ and
 * the summary's own durations, rejected/ names each line's number, and every file has one mode.
 */
class ReportAndOutputsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String H10 = "2021-01-23-10";
  private static final String H11 = "2021-01-23-11";

  @TempDir Path dir;

  private Path hour(String datehour, String file, String... lines) throws IOException {
    Path path = dir.resolve("events/datehour=" + datehour + "/" + file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, String.join("\n", lines) + "\n");
    return dir.resolve("events");
  }

  private static String pageview(String id, String hour) {
    return event(id, hour.substring(0, 10) + " " + hour.substring(11) + ":00:00", "pageview", "a.com", "u" + id, "FR", null);
  }

  private MainRunner.Result run(String... more) {
    List<String> args = new ArrayList<>(List.of("--input", dir.resolve("events").toString(),
        "--output", dir.resolve("out").toString(), "--max-rejected-share", "0.5"));
    args.addAll(List.of(more));
    return MainRunner.run(Map.of(), args.toArray(String[]::new));
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void afterAnIncrementalRunLatestShowsEveryHourOfCurrentAndComparesWithThePreviousRun() throws Exception {
    hour(H10, "a.json", pageview("1", H10));
    hour(H11, "a.json", pageview("2", H11));
    MainRunner.Result first = run("--from", H10, "--to", H10);
    assertEquals(0, first.status(), first.err());
    MainRunner.Result second = run("--from", H11, "--to", H11);
    assertEquals(0, second.status(), second.err());

    String latest = Files.readString(dir.resolve("out/report/latest.html"));
    assertTrue(latest.contains("<dt>Data in current/</dt><dd>" + H10 + " to " + H11 + " (2 hours)</dd>"), latest);
    assertTrue(latest.contains("Changes since the previous successful run, "
        + JSON.readTree(first.out()).get("run_id").asText() + "."));
    assertTrue(latest.contains("<div class=\"value\">2</div><div class=\"change\">+1 (+100.0 %)</div>"),
        "events of current/ against the first run's");
    JsonNode summary = JSON.readTree(second.out());
    assertEquals(2, summary.get("current_totals").get("events").asLong());
  }

  @Test
  void theReportShowsTheSummarysDurationsWithItsTotal() throws Exception {
    hour(H10, "a.json", pageview("1", H10));
    MainRunner.Result result = run();
    assertEquals(0, result.status(), result.err());
    JsonNode durations = JSON.readTree(result.out()).get("durations_ms");
    String latest = Files.readString(dir.resolve("out/report/latest.html"));
    for (String step : List.of("write_report", "total")) {
      assertTrue(durations.has(step), durations.toString());
      assertTrue(latest.contains("(" + step + ")</th><td>"
          + String.format(Locale.ROOT, "%.1f s", durations.get(step).asLong() / 1000.0) + "</td>"), step);
    }
  }

  @Test
  void rejectedLinesCarryTheirLineNumberInTheirFile() throws Exception {
    hour(H10, "a.json", pageview("1", H10), "{broken", pageview("2", H10), "[]");
    MainRunner.Result result = run();
    assertEquals(0, result.status(), result.err());
    List<JsonNode> rejected = new ArrayList<>();
    for (Path f : files(dir.resolve("out/rejected"))) {
      if (f.toString().endsWith(".json")) {
        for (String line : Files.readAllLines(f)) {
          rejected.add(JSON.readTree(line));
        }
      }
    }
    rejected.sort((a, b) -> Long.compare(a.get("line_number").asLong(), b.get("line_number").asLong()));
    assertEquals(2, rejected.size(), rejected.toString());
    assertEquals(List.of(2L, 4L), rejected.stream().map(r -> r.get("line_number").asLong()).toList());
    assertEquals("{broken", rejected.get(0).get("line").asText());
    assertTrue(rejected.get(0).get("source_file").asText().endsWith("datehour=" + H10 + "/a.json"));
  }

  @Test
  void everyOutputFileIsReadableByAllAndNoScratchFolderIsLeft() throws Exception {
    hour(H10, "a.json", pageview("1", H10), "{broken");
    assertEquals(0, run().status());
    assertEquals(0, run().status());
    Path out = dir.resolve("out");
    for (Path f : files(out)) {
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), out.relativize(f).toString());
    }
    try (Stream<Path> walk = Files.walk(out)) {
      assertEquals(List.of(), walk.filter(p -> p.getFileName().toString().startsWith("_staging")).toList());
    }
  }
}
