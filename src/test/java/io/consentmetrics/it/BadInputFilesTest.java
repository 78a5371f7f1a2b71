package io.consentmetrics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.MainRunner;
import io.consentmetrics.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not what they claim: the run rejects their lines or fails, naming the file. */
class BadInputFilesTest {
  private static final String GOOD = MetricsJobEndToEndTest.HOUR_10.get(0) + "\n";

  @TempDir Path dir;
  private Path events;
  private Path out;

  @BeforeEach
  void goodHour() throws IOException {
    events = dir.resolve("events");
    out = dir.resolve("out");
    write("datehour=2021-01-23-10/good.json", GOOD.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String relative, byte[] content) throws IOException {
    Path file = events.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return file;
  }

  /** A run whose quality gate lets any share of rejected lines through: these tests are about the rejects. */
  private MainRunner.Result run() {
    return MainRunner.run(Map.of(), "--input", events.toString(), "--output", out.toString(), "--max-rejected-share", "1");
  }

  @Test
  void aTruncatedGzipFileFailsTheRunNamingTheFile() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream zip = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 200; i++) {
        zip.write(GOOD.getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = gz.toByteArray();
    write("datehour=2021-01-23-11/broken.json.gz", Arrays.copyOf(whole, whole.length / 2));

    MainRunner.Result result = run();
    assertEquals(1, result.status(), result.err());
    assertEquals(1, result.err().lines().count(), result.err());
    assertTrue(result.err().startsWith("consent-metrics: error: cannot read input file "), result.err());
    assertTrue(result.err().contains("datehour=2021-01-23-11/broken.json.gz"), result.err());
    assertTrue(Files.notExists(out.resolve("current")), "nothing published");
  }

  @Test
  void aUtf16FileFailsTheRunAsOneUnitNamingTheFile() throws IOException {
    String text = GOOD + GOOD + GOOD;
    for (java.nio.charset.Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      byte[] bom = utf16.equals(StandardCharsets.UTF_16LE) ? new byte[] {(byte) 0xFF, (byte) 0xFE} : new byte[] {(byte) 0xFE, (byte) 0xFF};
      byte[] body = text.getBytes(utf16);
      byte[] file = Arrays.copyOf(bom, 2 + body.length);
      System.arraycopy(body, 0, file, 2, body.length);
      Path written = write("datehour=2021-01-23-11/utf16.json", file);

      MainRunner.Result result = run();
      assertEquals(1, result.status(), result.out() + result.err());
      assertEquals("consent-metrics: error: cannot read input file " + written.toUri().toString().replace("file:///", "file:/")
          + ": the file is UTF-16 (byte order mark " + String.format("%02X %02X", bom[0], bom[1]) + "), not UTF-8",
          result.err().strip());
      assertTrue(Files.notExists(out.resolve("current")), "nothing published");
    }
  }

  @Test
  void aBinaryFileHasItsLinesRejectedWithTheFileNamed() throws IOException {
    byte[] noise = new byte[4096];
    new SplittableRandom(7).nextBytes(noise);
    for (int i = 100; i < noise.length; i += 100) {
      noise[i] = '\n';
    }
    write("datehour=2021-01-23-11/image.png", noise);

    MainRunner.Result result = run();
    assertEquals(0, result.status(), result.err());
    JsonNode summary = new ObjectMapper().readTree(result.out());
    long rejected = summary.get("rejected_by_reason").get("malformed_json").asLong();
    assertEquals(summary.get("lines_read").asLong() - 1, rejected, "every line of the binary file, only those");
    List<String> files = SharedSpark.session().read().json(out.resolve("rejected").toString())
        .select("source_file").distinct().collectAsList().stream().map(r -> r.getString(0)).toList()
        .stream().map(f -> f.substring(f.indexOf("datehour="))).toList();
    assertEquals(List.of("datehour=2021-01-23-11/image.png"), files);
  }

  @Test
  void aFiftyMegabyteSingleLineIsRejectedWithoutRunningOutOfMemory() throws IOException {
    byte[] line = new byte[50 * 1024 * 1024 + 1];
    Arrays.fill(line, (byte) 'x');
    line[0] = '{';
    line[line.length - 1] = '\n';
    write("datehour=2021-01-23-11/huge.json", line);

    MainRunner.Result result = run();
    assertEquals(0, result.status(), result.err());
    JsonNode summary = new ObjectMapper().readTree(result.out());
    assertEquals(2, summary.get("lines_read").asLong());
    assertEquals(1, summary.get("rejected_by_reason").get("malformed_json").asLong());
    assertEquals(1, summary.get("events_counted").asLong());
  }
}
