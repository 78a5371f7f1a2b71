package io.consentmetrics.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The class-data archive (JDK AppCDS) of the job's JVM in the local tools, kept beside the shaded
 * jar: a run maps the classes an earlier run of the same build loaded, instead of loading and
 * verifying them again, which saves seconds per run (docs/performance.md). The first run of a build
 * writes the archive as it exits, which costs it some seconds, once.
 *
 * <p>The JVM checks the archive against the classpath itself and, if they differ, runs without it.
 * Its notes about the archive (classes it cannot store, such as Spark's generated code) are turned
 * off, and its other warnings go to stderr: stdout is the job's summary.
 */
record ClassArchive(Path archive, List<Path> builtFrom) {

  /** JVM logging: warnings and errors on stderr, without the archive's notes. */
  static final List<String> LOGGING = List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:cds*=off:stderr");

  /** True when the archive exists and is newer than every file it was built from. */
  boolean isFresh() throws IOException {
    if (!Files.isRegularFile(archive)) {
      return false;
    }
    for (Path source : builtFrom) {
      if (Files.getLastModifiedTime(source).compareTo(Files.getLastModifiedTime(archive)) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The JVM options of a run: use the archive when it is fresh, write a new one at exit otherwise. */
  List<String> jvmOptions() throws IOException {
    List<String> options = new ArrayList<>(LOGGING);
    if (isFresh()) {
      options.add("-XX:SharedArchiveFile=" + archive);
    } else {
      Files.deleteIfExists(written()); // left by a run that failed; the JVM writes it read-only
      options.add("-XX:ArchiveClassesAtExit=" + written());
    }
    return options;
  }

  /**
   * After a run that succeeded: the archive it wrote, if any, replaces the old one in one step, so a
   * run killed while writing it never leaves a partial archive in use.
   */
  void keepWritten() throws IOException {
    if (Files.isRegularFile(written())) {
      Files.move(written(), archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private Path written() {
    return archive.resolveSibling(archive.getFileName() + ".new");
  }
}
