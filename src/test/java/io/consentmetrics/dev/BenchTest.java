package io.consentmetrics.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's own logic: comparing the two engines' CSVs, the phase medians, and its small-files data. */
class BenchTest {
  private static final String HEADER = "datehour,domain,country,pageviews,pageviews_with_consent,consents_asked,"
      + "consents_asked_with_consent,consents_given,consents_given_with_consent,avg_pageviews_per_user\n";

  @TempDir Path dir;

  private Path csv(String name, String body) throws IOException {
    return Files.writeString(dir.resolve(name), HEADER + body);
  }

  @Test
  void csvRowsAreParsedAsRfc4180() throws IOException {
    Path file = csv("a.csv", "2021-01-23-10,\"a,b\",\"say \"\"hi\"\"\",1,0,0,0,0,0,1.0\n2021-01-23-10,,\"\",0,0,1,1,0,0,\n");
    assertEquals(List.of(
        List.of("2021-01-23-10", "a,b", "say \"hi\"", "1", "0", "0", "0", "0", "0", "1.0"),
        List.of("2021-01-23-10", "", "", "0", "0", "1", "1", "0", "0", "")), Bench.rows(file));
  }

  @Test
  void theEnginesAgreeWhenOnlyTheAveragesPrintingDiffers() throws IOException {
    Path job = csv("job.csv", "2021-01-23-10,d,FR,3,1,0,0,0,0,1.5\n2021-01-23-10,d,DE,1,0,0,0,0,0,1.0\n");
    Path duck = csv("duck.csv", "2021-01-23-10,d,FR,3,1,0,0,0,0,1.50000000000001\n2021-01-23-10,d,DE,1,0,0,0,0,0,1\n");
    assertEquals(2, Bench.compare(job, duck));
  }

  @Test
  void aDifferentCountOrAMissingRowIsADisagreement() throws IOException {
    Path job = csv("job.csv", "2021-01-23-10,d,FR,3,1,0,0,0,0,1.5\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Bench.compare(job, csv("duck.csv", "2021-01-23-10,d,FR,3,2,0,0,0,0,1.5\n")));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Bench.compare(job, csv("empty.csv", "")));
  }

  @Test
  void phasesAreTheMediansOfTheSummariesDurationsInTheirOrder() throws IOException {
    List<Bench.Measured> runs = List.of(
        new Bench.Measured(10, 0, "{\"lines_read\": 1, \"durations_ms\": {\"read\": 1000, \"total\": 4000}}"),
        new Bench.Measured(10, 0, "{\"durations_ms\": {\"read\": 3000, \"total\": 9000}}"),
        new Bench.Measured(10, 0, "{\"durations_ms\": {\"read\": 2000, \"total\": 5000}}"));
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("read", 2.0);
    expected.put("total", 5.0);
    assertEquals(expected, Bench.phases(runs));
    assertEquals(List.of("read", "total"), List.copyOf(Bench.phases(runs).keySet()));
  }

  @Test
  void theSmallFilesDataSetHasOneEventPerFile() throws IOException {
    Path events = dir.resolve("small");
    long lines = new EventGenerator(new EventGenerator.Settings(20, 2, 1, 0, 10, "2021-01-23-00", false))
        .writeTo(events.toString(), new Configuration());
    assertEquals(20, lines);
    try (Stream<Path> files = Files.walk(events)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertEquals(20, all.size());
      for (Path f : all) {
        assertEquals(1, Files.readAllLines(f).size(), f.toString());
      }
    }
  }
}
