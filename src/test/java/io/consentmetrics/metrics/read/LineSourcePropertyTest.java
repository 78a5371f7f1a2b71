package io.consentmetrics.metrics.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.io.Text;

/**
 * The job's line reader on random files cut into random parts: every line is read by exactly one
 * part, whole and in order, wherever the cuts fall (on a line end, just after it, inside a CR LF),
 * and a line longer than what is held is read to its end with only its start kept.
 */
class LineSourcePropertyTest {

  @Property(tries = 300)
  void thePartsOfAFileReadEachLineOnceWholeAndInOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int partBytes)
      throws IOException {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0, n = random.nextInt(12); i < n; i++) {
      lines.add(randomLine(random));
    }
    boolean lastLineEnds = random.nextBoolean();
    String text = String.join("\n", lines) + (lastLineEnds && !lines.isEmpty() ? "\n" : "");
    // A last line without its LF is a line; an empty text has none.
    List<String> expected = new ArrayList<>(lines);
    if (!lastLineEnds && !lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      expected.remove(expected.size() - 1); // "a\n" + "" without LF: the file ends with the LF
    }
    Path file = Files.createTempFile("lines", ".json");
    try {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      Files.write(file, bytes);
      List<String> read = new ArrayList<>();
      for (long start = 0; start < Math.max(1, bytes.length); start += partBytes) {
        read.addAll(linesOf(file, start, Math.min(partBytes, bytes.length - start), Integer.MAX_VALUE - 8));
      }
      assertEquals(expected, read, "cut every " + partBytes + " bytes: " + text);
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 100)
  void aLineLongerThanWhatIsHeldKeepsItsStartAndTheNextLineIsWhole(@ForAll @IntRange(min = 1, max = 50) int held,
      @ForAll @IntRange(min = 0, max = 200) int longLength) throws IOException {
    String longLine = "x".repeat(longLength);
    Path file = Files.createTempFile("lines", ".json");
    try {
      Files.writeString(file, longLine + "\n{\"id\":\"next\"}\n");
      List<String> read = linesOf(file, 0, Files.size(file), held);
      assertEquals(List.of(longLine.substring(0, Math.min(held, longLength)), "{\"id\":\"next\"}".substring(0, Math.min(held, 13))), read);
    } finally {
      Files.delete(file);
    }
  }

  private static String randomLine(Random random) {
    String[] pieces = {"", "a", "{\"id\":\"1\"}", "\r", "é", " ", "xxxxxxxxxxxxxxxxxxxxxxxx"};
    StringBuilder line = new StringBuilder();
    for (int i = 0, n = random.nextInt(4); i < n; i++) {
      line.append(pieces[random.nextInt(pieces.length)]);
    }
    return line.toString();
  }

  private static List<String> linesOf(Path file, long start, long length, int held) throws IOException {
    Configuration hadoop = new Configuration(false);
    FileSystem fs = new RawLocalFileSystem();
    fs.initialize(file.toUri(), hadoop);
    List<String> lines = new ArrayList<>();
    FSDataInputStream in = fs.open(new org.apache.hadoop.fs.Path(file.toUri()));
    try (LineSource source = LineSource.part(in, hadoop, start, length, held)) {
      Text text = new Text();
      while (source.next(text)) {
        lines.add(text.toString());
      }
    }
    return lines;
  }
}
