package io.consentmetrics.dev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled sample data is the generator's output, and it exercises every rule of the contract. */
class SampleDataTest {
  /** The arguments the bundled sample was generated with (README: "Sample data"). */
  static final EventGenerator.Settings SAMPLE =
      new EventGenerator.Settings(300, 3, 42, 0.2, 1, "2021-01-23-10", false);

  static final Path SAMPLE_EVENTS =
      Path.of(System.getProperty("project.root", "."), "docker/minio/data/events");

  @TempDir Path dir;

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void theBundledSampleIsExactlyWhatTheGeneratorMakes() throws IOException {
    Path regenerated = dir.resolve("events");
    new EventGenerator(SAMPLE).writeTo(regenerated.toString(), new Configuration());
    assertEquals(files(SAMPLE_EVENTS), files(regenerated));
    for (Path file : files(SAMPLE_EVENTS)) {
      assertArrayEquals(
          Files.readAllBytes(SAMPLE_EVENTS.resolve(file)), Files.readAllBytes(regenerated.resolve(file)), file.toString());
    }
  }

  @Test
  void theSampleHasEveryFaultAndEveryLineIsAccountedFor() throws IOException {
    MainRunner.Result result =
        MainRunner.run(Map.of(), "--input", SAMPLE_EVENTS.toString(), "--output", dir.resolve("out").toString());
    assertEquals(0, result.status(), result.err());
    JsonNode s = new ObjectMapper().readTree(result.out());
    for (String counter : List.of("duplicates", "unknown_type", "invalid_token", "late_events")) {
      assertTrue(s.get(counter).asLong() > 0, counter + " in " + s);
    }
    assertTrue(s.get("rejected_by_reason").get("malformed_json").asLong() > 0);
    assertTrue(s.get("rejected_by_reason").get("missing_id").asLong() > 0);
    assertEquals(
        s.get("lines_read").asLong(),
        s.get("rejected").asLong() + s.get("duplicates").asLong() + s.get("unknown_type").asLong()
            + s.get("events_counted").asLong());
    String csv = Files.readString(dir.resolve("out/current/metrics.csv"));
    assertTrue(csv.lines().anyMatch(l -> l.matches("[^,]+,,.*")), "a group without domain");
    assertTrue(csv.lines().anyMatch(l -> l.matches("[^,]+,[^,]+,,.*")), "a group without country");
    assertTrue(csv.lines().anyMatch(l -> l.endsWith(",")), "a group with no pageview user");
  }

  @Test
  void onGeneratedInputWithManyFaultsEveryLineIsAccountedFor() throws IOException {
    Path events = dir.resolve("generated");
    long written =
        new EventGenerator(new EventGenerator.Settings(2000, 4, 7, 0.5, 2, "2021-01-23-22", true))
            .writeTo(events.toString(), new Configuration());
    MainRunner.Result result =
        MainRunner.run(Map.of(), "--input", events.toString(), "--output", dir.resolve("out").toString(),
            "--max-rejected-share", "0.2"); // many faults: about 12 % of the lines are rejected
    assertEquals(0, result.status(), result.err());
    JsonNode s = new ObjectMapper().readTree(result.out());
    assertEquals(written, s.get("lines_read").asLong());
    assertEquals(8, s.get("input_files").asLong());
    assertEquals(
        written,
        s.get("rejected").asLong() + s.get("duplicates").asLong() + s.get("unknown_type").asLong()
            + s.get("events_counted").asLong());
  }
}
