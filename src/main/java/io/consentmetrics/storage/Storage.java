package io.consentmetrics.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * File I/O through Hadoop's FileSystem API, so that {@code s3a://}, {@code file:} and HDFS paths
 * all work the same way and S3 is reached with the same settings as Spark's readers and writers.
 * The single-file operations live here; listings, all-or-nothing writes and tidying have a class
 * each ({@link #listing}, {@link #atomic}, {@link #housekeeping}).
 */
public final class Storage {

  private final Configuration hadoop;

  public Storage(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** Listings of folders. */
  public FileListing listing() {
    return new FileListing(hadoop);
  }

  /** All-or-nothing writes. */
  public AtomicFiles atomic() {
    return new AtomicFiles(hadoop);
  }

  /** Tidying after a run. */
  public Housekeeping housekeeping() {
    return new Housekeeping(hadoop);
  }

  /** Whether {@code location} is on S3 ({@link Schemes#isS3}). */
  public static boolean isS3(String location) {
    return Schemes.isS3(location);
  }

  /** The file's text, or empty when it does not exist. Any other failure (S3 unreachable...) is thrown. */
  public Optional<String> readTextIfExists(String file) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Hex SHA-256 of the file's bytes. */
  public String sha256(String file) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code location} is a file (not a folder, and not missing). */
  public boolean isFile(String location) {
    return status(location).map(FileStatus::isFile).orElse(false);
  }

  /** {@code location} with its file system's scheme and authority, as listings name their files. */
  public Path qualify(String location) {
    return call(location, "resolve", FileSystem::makeQualified);
  }

  public boolean exists(String location) {
    return call(location, "check", FileSystem::exists);
  }

  public void delete(String location) {
    call(location, "delete", (fs, path) -> fs.delete(path, true));
  }

  /** One call on the file system of {@code location}; an I/O failure says what could not be done. */
  private <T> T call(String location, String verb, FileSystemCall<T> call) {
    Path path = new Path(location);
    try {
      return call.on(path.getFileSystem(hadoop), path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot " + verb + " " + location + ": " + e.getMessage(), e);
    }
  }

  private interface FileSystemCall<T> {
    T on(FileSystem fs, Path path) throws IOException;
  }

  /**
   * Moves the folder {@code source} to {@code target}, which must not exist yet; its parent folders
   * are made. Locally one {@code rename(2)}; on S3 a copy of each file and a delete (S3A's rename).
   */
  public void moveFolder(String source, String target) {
    Path src = new Path(source);
    Path dst = new Path(target);
    try {
      FileSystem fs = src.getFileSystem(hadoop);
      if (fs.exists(dst)) {
        throw new IOException("target exists");
      }
      fs.mkdirs(dst.getParent());
      if (!fs.rename(src, dst)) {
        throw new IOException("rename refused");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + source + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** The file's status, or empty when it does not exist. */
  public Optional<FileStatus> status(String file) {
    Path path = new Path(file);
    try {
      return Optional.of(path.getFileSystem(hadoop).getFileStatus(path));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + file + ": " + e.getMessage(), e);
    }
  }

  /** The fully qualified form of {@code location}, as listings return paths. */
  public String qualified(String location) {
    return qualify(location).toString();
  }
}
