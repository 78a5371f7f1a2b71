package io.consentmetrics.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a local filesystem the published file is replaced in one rename: a reader never misses it. */
class AtomicPublishTest {
  private static final int PUBLISHES = 300;

  @TempDir Path dir;

  private final Storage storage = new Storage(new Configuration());

  /** A body that is recognisably whole: a header, many lines, a last line naming its publish. */
  private static String body(int publish) {
    return "header\n" + "x,y,z\n".repeat(2000) + "end " + publish + "\n";
  }

  @Test
  void aReaderPollingDuringManyPublishesAlwaysFindsAWholeFile() throws Exception {
    Path current = dir.resolve("current/metrics.csv");
    Files.createDirectories(current.getParent());
    Files.writeString(current, body(-1));
    AtomicBoolean publishing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger missing = new AtomicInteger();
    AtomicReference<String> partial = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      while (publishing.get()) {
        try {
          String text = Files.readString(current, StandardCharsets.UTF_8);
          reads.incrementAndGet();
          if (!text.startsWith("header\n") || !text.matches("(?s).*end -?\\d+\n")) {
            partial.set(text.length() + " chars");
          }
        } catch (NoSuchFileException e) {
          missing.incrementAndGet();
        } catch (IOException e) {
          partial.set(e.toString());
        }
      }
    });
    reader.start();
    for (int i = 0; i < PUBLISHES; i++) {
      Path staged = dir.resolve("_staging/run-" + i + "/part-00000.csv");
      Files.createDirectories(staged.getParent());
      Files.writeString(staged, body(i));
      storage.atomic().replace(staged.toString(), current.toString());
    }
    publishing.set(false);
    reader.join();

    assertEquals(0, missing.get(), "reads that found no file, out of " + reads.get());
    assertEquals(null, partial.get());
    assertTrue(reads.get() > 100, "the reader polled " + reads.get() + " times");
    assertEquals(body(PUBLISHES - 1), Files.readString(current));
    try (Stream<Path> left = Files.list(current.getParent())) {
      assertEquals(1, left.count(), "no checksum or temporary file next to it");
    }
  }

  @Test
  void aTextWrittenAtomicallyLeavesNoTemporaryOrChecksumFile() throws IOException {
    Path summary = dir.resolve("summary/summary.json");
    storage.atomic().writeText(summary.toString(), "{}");
    storage.atomic().writeText("file:" + summary, "{\"a\":1}");
    assertEquals("{\"a\":1}", Files.readString(summary));
    try (Stream<Path> left = Files.list(summary.getParent())) {
      assertEquals(1, left.count());
    }
  }
}
