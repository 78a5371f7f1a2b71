package io.consentmetrics.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Tidying after a run: checksum files Hadoop leaves on local disks, folders left empty. */
public final class Housekeeping {
  private final Configuration hadoop;

  Housekeeping(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /**
   * On a local filesystem, deletes the {@code .crc} checksum files Hadoop writes next to every file
   * below {@code dir} (and nothing else); elsewhere there are none. Readers do not need them.
   */
  public void deleteLocalChecksums(String dir) {
    Path path = new Path(dir);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!Schemes.isLocal(fs) || !fs.exists(path)) {
        return;
      }
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(Schemes.localPath(fs, path))) {
        for (java.nio.file.Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (name.startsWith(".") && name.endsWith(".crc") && java.nio.file.Files.isRegularFile(file)) {
            java.nio.file.Files.delete(file);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tidy " + dir + ": " + e.getMessage(), e);
    }
  }
  /** Deletes the folder {@code dir} when it exists and is empty (object stores have no empty folders). */
  public void deleteIfEmpty(String dir) {
    Path path = new Path(dir);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (fs.exists(path) && fs.getFileStatus(path).isDirectory() && fs.listStatus(path).length == 0) {
        fs.delete(path, false);
      }
    } catch (FileNotFoundException e) {
      // gone already
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
