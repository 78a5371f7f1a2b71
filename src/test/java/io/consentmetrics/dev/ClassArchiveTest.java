package io.consentmetrics.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job JVM's class-data archive is used only while it is newer than the build it came from. */
class ClassArchiveTest {
  @TempDir Path dir;

  private ClassArchive archiveOf(Path jar) {
    return new ClassArchive(dir.resolve("job.jsa"), List.of(jar));
  }

  private static Path file(Path path, long minute) throws IOException {
    Files.writeString(path, "x");
    Files.setLastModifiedTime(path, FileTime.fromMillis(minute * 60_000));
    return path;
  }

  @Test
  void withoutAnArchiveTheRunWritesOneBesideIt() throws IOException {
    ClassArchive archive = archiveOf(file(dir.resolve("job.jar"), 10));

    assertFalse(archive.isFresh());
    assertEquals("-XX:ArchiveClassesAtExit=" + dir.resolve("job.jsa.new"), last(archive.jvmOptions()));
  }

  @Test
  void anArchiveNewerThanTheJarIsUsed() throws IOException {
    ClassArchive archive = archiveOf(file(dir.resolve("job.jar"), 10));
    file(dir.resolve("job.jsa"), 11);

    assertTrue(archive.isFresh());
    assertEquals("-XX:SharedArchiveFile=" + dir.resolve("job.jsa"), last(archive.jvmOptions()));
  }

  @Test
  void aRebuiltJarMakesTheArchiveStale() throws IOException {
    file(dir.resolve("job.jsa"), 11);
    ClassArchive archive = archiveOf(file(dir.resolve("job.jar"), 12));

    assertFalse(archive.isFresh());
  }

  @Test
  void theWrittenArchiveReplacesTheOldOneOnlyWhenKept() throws IOException {
    ClassArchive archive = archiveOf(file(dir.resolve("job.jar"), 10));
    archive.jvmOptions();
    Files.writeString(dir.resolve("job.jsa.new"), "new classes");

    archive.keepWritten();

    assertEquals("new classes", Files.readString(dir.resolve("job.jsa")));
    assertFalse(Files.exists(dir.resolve("job.jsa.new")));
    assertTrue(archive.isFresh());
  }

  private static String last(List<String> options) {
    return options.get(options.size() - 1);
  }
}
