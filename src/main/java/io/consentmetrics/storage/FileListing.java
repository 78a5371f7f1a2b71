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
   * On a local disk, the first entry under {@code folder} the run cannot read as a file of lines,
   * as the line that fails the run: a link to nothing, a FIFO, socket or device (or a link to one),
   * a name that is not UTF-8 ({@link InputEntries}). Object stores have none of these.
   */
  public Optional<String> unreadableEntryUnder(String folder) {
    Path path = new Path(folder);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      return Schemes.isLocal(fs) ? InputEntries.firstProblemUnder(Schemes.localPath(fs, path)) : Optional.empty();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }
  /**
   * Which files can be read from the middle: plain files. A compressed file is read whole by one task,
   * bzip2 included, whose blocks could be split: the job's line reader finds line starts in plain
   * bytes only. One codec lookup for all.
   */
  public java.util.function.Predicate<String> splittableFiles() {
    CompressionCodecFactory codecs = new CompressionCodecFactory(hadoop);
    return uri -> codecs.getCodec(new Path(URI.create(uri))) == null;
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
