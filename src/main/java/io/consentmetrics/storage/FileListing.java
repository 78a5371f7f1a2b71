package io.consentmetrics.storage;

import io.consentmetrics.metrics.JobFailure;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** Listings of folders: the input's visible files, a run's own files, links that point nowhere. */
public final class FileListing {
  private final Configuration hadoop;

  FileListing(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** Every visible file below {@code root}, recursively; Spark's rule: names starting with _ or . are hidden. */
  public List<FileStatus> visible(String root) {
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(hadoop);
      Path qualifiedRoot = fs.makeQualified(rootPath);
      List<FileStatus> files = new ArrayList<>();
      if (Schemes.isObjectStore(fs)) {
        // One flat listing of every key under the root: a request per 1,000 files, not per folder.
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualifiedRoot, true);
        while (it.hasNext()) {
          LocatedFileStatus status = it.next();
          if (!isHidden(qualifiedRoot, status.getPath())) {
            files.add(status);
          }
        }
      } else {
        collectVisibleFiles(fs, fs.getFileStatus(qualifiedRoot), files);
      }
      return files;
    } catch (FileNotFoundException e) {
      throw new JobFailure("input not found: " + root, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }
  /**
   * Walks folders with {@code listStatus}: on a local disk, {@code listFiles} builds located
   * statuses whose permissions Hadoop reads by running a shell command per file, which makes
   * thousands of small files take minutes to list. Hidden folders are not entered.
   */
  private static void collectVisibleFiles(FileSystem fs, FileStatus dir, List<FileStatus> files)
      throws IOException {
    if (!dir.isDirectory()) {
      files.add(dir);
      return;
    }
    for (FileStatus child : fs.listStatus(dir.getPath())) {
      String name = child.getPath().getName();
      if (isHiddenName(name)) {
        continue;
      }
      if (child.isDirectory()) {
        collectVisibleFiles(fs, child, files);
      } else {
        files.add(child);
      }
    }
  }
  /** Spark's rule for its file sources: a name starting with _ or . is hidden (metadata, temporary files). */
  static boolean isHiddenName(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (isHiddenName(name)) {
        return true;
      }
    }
    return false;
  }
  /** Files directly in {@code dir} whose name ends with {@code suffix}; none when it does not exist. */
  public List<String> endingWith(String dir, String suffix) {
    Path path = new Path(dir);
    try {
      List<String> out = new ArrayList<>();
      for (FileStatus s : path.getFileSystem(hadoop).listStatus(path)) {
        if (s.isFile() && s.getPath().getName().endsWith(suffix)) {
          out.add(s.getPath().toString());
        }
      }
      return out;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
  /**
   * On a local disk, the first symbolic link under {@code root} that points to nothing. Hadoop's
   * listing skips such links without a word, so a file meant as input would be silently left out.
   */
  public Optional<String> danglingLinkUnder(String root) {
    Path path = new Path(root);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!Schemes.isLocal(fs)) {
        return Optional.empty(); // object stores have no links
      }
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(Schemes.localPath(fs, path))) {
        return files
            .filter(p -> java.nio.file.Files.isSymbolicLink(p) && !java.nio.file.Files.exists(p))
            .map(java.nio.file.Path::toString)
            .findFirst();
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }
  /**
   * On a local disk, the first visible file or folder under {@code root} whose name is not valid
   * UTF-8, as a URI (its bad bytes percent-escaped). The JVM decodes names as UTF-8 and turns a bad
   * byte into U+FFFD; Hadoop's listing then cannot stat the name and silently leaves the file, or a
   * whole {@code datehour=} folder, out. The JDK's own walk keeps each name's bytes, so a name whose
   * decoded text no longer names the same bytes is found here, and the run fails instead.
   */
  public Optional<String> undecodableNameUnder(String root) {
    Path path = new Path(root);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!Schemes.isLocal(fs)) {
        return Optional.empty(); // object store keys are UTF-8
      }
      java.nio.file.Path top = Schemes.localPath(fs, path);
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(top)) {
        return files
            .filter(p -> !p.equals(top) && !hiddenBelow(top, p) && !java.nio.file.Path.of(p.toString()).equals(p))
            .map(p -> p.toUri().toString())
            .findFirst();
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }
  private static boolean hiddenBelow(java.nio.file.Path top, java.nio.file.Path p) {
    for (java.nio.file.Path name : top.relativize(p)) {
      if (name.toString().startsWith("_") || name.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
  /** Which files can be read from the middle: plain files can, gzip files cannot. One codec lookup for all. */
  public java.util.function.Predicate<String> splittableFiles() {
    CompressionCodecFactory codecs = new CompressionCodecFactory(hadoop);
    return uri -> {
      CompressionCodec codec = codecs.getCodec(new Path(URI.create(uri)));
      return codec == null || codec instanceof org.apache.hadoop.io.compress.SplittableCompressionCodec;
    };
  }
  /**
   * Every file below {@code root}, hidden ones included, and on a local disk every folder too (an
   * object store has no empty folders); none when it does not exist.
   */
  public List<FileStatus> allWithFolders(String root) {
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(hadoop);
      if (!Schemes.isLocal(fs)) {
        return all(root);
      }
      List<FileStatus> entries = new ArrayList<>();
      collectAll(fs, fs.makeQualified(rootPath), entries);
      return entries;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }
  private static void collectAll(FileSystem fs, Path dir, List<FileStatus> entries) throws IOException {
    for (FileStatus child : fs.listStatus(dir)) {
      entries.add(child);
      if (child.isDirectory()) {
        collectAll(fs, child.getPath(), entries);
      }
    }
  }
  /** Every file below {@code root}, hidden ones included, recursively; none when it does not exist. */
  public List<FileStatus> all(String root) {
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(hadoop);
      List<FileStatus> files = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(fs.makeQualified(rootPath), true);
      while (it.hasNext()) {
        files.add(it.next());
      }
      return files;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }
}
