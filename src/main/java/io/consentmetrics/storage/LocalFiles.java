package io.consentmetrics.storage;

import io.consentmetrics.metrics.publish.HaltPoints;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Atomic replacement of local files with the JDK, not Hadoop: Hadoop's local rename with overwrite
 * deletes the target first, so a reader (or a kill) between the two steps finds no file at all.
 * {@code Files.move(ATOMIC_MOVE)} is one {@code rename(2)}, which replaces the target in one step.
 */
public final class LocalFiles {
  private LocalFiles() {}

  /** Renames {@code source} over {@code target} in one step; both must be on the same filesystem. */
  static void moveOver(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    HaltPoints.reached(HaltPoints.LOCAL_RENAME);
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + target + " in one step (is it on another filesystem than "
          + source.getParent() + "?)", e);
    }
  }

  /** Writes {@code bytes} to a hidden file next to {@code target}, then renames it over the target. */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path staged = target.resolveSibling("_" + target.getFileName() + ".tmp");
    try {
      Files.write(staged, bytes);
    } catch (IOException e) {
      Files.deleteIfExists(staged); // a disk that filled up mid-write must not keep half a file
      throw e;
    }
    moveOver(staged, target);
  }
}
