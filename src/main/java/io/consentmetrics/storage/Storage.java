package io.consentmetrics.storage;

import io.consentmetrics.metrics.JobFailure;
import io.consentmetrics.metrics.publish.OutputLease;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * File I/O through Hadoop's FileSystem API, so that {@code s3a://}, {@code file:} and HDFS paths
 * all work the same way and S3 is reached with the same settings as Spark's readers and writers.
 */
public final class Storage {

  private final Configuration hadoop;

  public Storage(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /** Every visible file below {@code root}, recursively; Spark's rule: names starting with _ or . are hidden. */
  public List<FileStatus> listVisibleFiles(String root) {
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(hadoop);
      Path qualifiedRoot = fs.makeQualified(rootPath);
      List<FileStatus> files = new ArrayList<>();
      if (isObjectStore(fs)) {
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
   * statuses whose permissions Hadoop reads by running a shell command per file (5,000 small files:
   * 52 s of listing). Hidden folders are not entered.
   */
  private static void collectVisibleFiles(FileSystem fs, FileStatus dir, List<FileStatus> files)
      throws IOException {
    if (!dir.isDirectory()) {
      files.add(dir);
      return;
    }
    for (FileStatus child : fs.listStatus(dir.getPath())) {
      String name = child.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (child.isDirectory()) {
        collectVisibleFiles(fs, child, files);
      } else {
        files.add(child);
      }
    }
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
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

  /**
   * Writes {@code text} so that readers see either the previous file or the whole new one: on an
   * object store the upload itself is atomic (see {@link #replace}); on a local filesystem through
   * a hidden temporary file renamed over the target.
   */
  public void writeTextAtomically(String file, String text) {
    Path target = new Path(file);
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (isLocal(fs)) {
        LocalFiles.writeAtomically(localPath(fs, target), bytes);
        return;
      }
      Path staged = isObjectStore(fs) ? target : new Path(target.getParent(), "_" + target.getName() + ".tmp");
      try (OutputStream out = fs.create(staged, true)) {
        out.write(bytes);
      }
      if (!staged.equals(target)) {
        replace(fs, staged, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Moves {@code source} over {@code target} so that readers of {@code target} see either the old
   * or the new file, never a missing or half-written one.
   *
   * <p>On an object store a rename is a copy and cannot overwrite, but an object written through
   * the S3A output stream only becomes visible when its upload completes: streaming the bytes onto
   * the target is the atomic replace there. On a local filesystem it is one {@code rename(2)} over
   * the old file (Hadoop's own rename with overwrite deletes the target first, leaving a gap).
   * Other filesystems (HDFS) use Hadoop's rename with overwrite, which HDFS performs atomically.
   */
  public void replace(String source, String target) {
    Path src = new Path(source);
    try {
      replace(src.getFileSystem(hadoop), src, new Path(target));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot publish " + source + " to " + target + ": " + e.getMessage(), e);
    }
  }

  private void replace(FileSystem fs, Path src, Path dst) throws IOException {
    if (isObjectStore(fs)) {
      try (InputStream in = fs.open(src); OutputStream out = fs.create(dst, true)) {
        IOUtils.copyBytes(in, out, 1 << 16);
      }
      fs.delete(src, false);
    } else if (isLocal(fs)) {
      LocalFiles.moveOver(localPath(fs, src), localPath(fs, dst));
    } else {
      fs.mkdirs(dst.getParent());
      FileContext.getFileContext(fs.getUri(), hadoop).rename(src, dst, Options.Rename.OVERWRITE);
    }
  }

  private static boolean isObjectStore(FileSystem fs) {
    String scheme = fs.getScheme();
    return "s3a".equals(scheme) || "s3".equals(scheme) || "gs".equals(scheme);
  }

  static boolean isLocal(FileSystem fs) {
    return "file".equals(fs.getScheme());
  }

  /** The JDK path of a local file. Not {@code Paths.get(URI)}: it rejects the unescaped non-ASCII names Hadoop's URIs hold. */
  static java.nio.file.Path localPath(FileSystem fs, Path path) {
    return java.nio.file.Path.of(fs.makeQualified(path).toUri().getPath());
  }

  /** Files directly in {@code dir} whose name ends with {@code suffix}; none when it does not exist. */
  public List<String> filesEndingWith(String dir, String suffix) {
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

  /**
   * On a local disk, the first symbolic link under {@code root} that points to nothing. Hadoop's
   * listing skips such links without a word, so a file meant as input would be silently left out.
   */
  public Optional<String> danglingLinkUnder(String root) {
    Path path = new Path(root);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!isLocal(fs)) {
        return Optional.empty(); // object stores have no links
      }
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(localPath(fs, path))) {
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

  /** Whether {@code location} is a file (not a folder, and not missing). */
  public boolean isFile(String location) {
    return status(location).map(FileStatus::isFile).orElse(false);
  }

  /** {@code location} with its file system's scheme and authority, as listings name their files. */
  public Path qualify(String location) {
    Path path = new Path(location);
    try {
      return path.getFileSystem(hadoop).makeQualified(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + location + ": " + e.getMessage(), e);
    }
  }

  /** Which files can be read from the middle: plain files can, gzip files cannot. One codec lookup for all. */
  public java.util.function.Predicate<String> splittableFiles() {
    CompressionCodecFactory codecs = new CompressionCodecFactory(hadoop);
    return uri -> {
      CompressionCodec codec = codecs.getCodec(new Path(URI.create(uri)));
      return codec == null || codec instanceof org.apache.hadoop.io.compress.SplittableCompressionCodec;
    };
  }

  public boolean exists(String location) {
    Path path = new Path(location);
    try {
      return path.getFileSystem(hadoop).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + location + ": " + e.getMessage(), e);
    }
  }

  public void delete(String location) {
    Path path = new Path(location);
    try {
      path.getFileSystem(hadoop).delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code file} with {@code text} only if no file of that name exists; returns whether it
   * did. Locally this is one exclusive create ({@code O_EXCL}). On S3 (Hadoop 3.3, no conditional
   * PUT) S3A checks that the key is absent and then uploads: two writers that check within the
   * same instant can both succeed, the later upload winning; callers read the file back to narrow
   * that window (see {@link OutputLease}).
   */
  public boolean createIfAbsent(String file, String text) {
    Path path = new Path(file);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (isLocal(fs)) {
        java.nio.file.Path local = localPath(fs, path);
        java.nio.file.Files.createDirectories(local.getParent());
        java.nio.file.Files.write(local, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      }
      try (OutputStream out = fs.create(path, false)) {
        out.write(bytes);
      }
      return true;
    } catch (java.nio.file.FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@link #createIfAbsent} is exclusive where {@code file} lives: of writers racing, at
   * most one succeeds. True on a local filesystem ({@code O_EXCL}) and on HDFS (its create is atomic
   * on the NameNode); false on object stores, where S3A checks then uploads.
   */
  public boolean createIsExclusive(String file) {
    Path path = new Path(file);
    try {
      String scheme = path.getFileSystem(hadoop).getScheme();
      return "file".equals(scheme) || "hdfs".equals(scheme);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + file + ": " + e.getMessage(), e);
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

  /** Every file below {@code root}, hidden ones included, recursively; none when it does not exist. */
  public List<FileStatus> listAllFiles(String root) {
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

  /** The fully qualified form of {@code location}, as listings return paths. */
  public String qualified(String location) {
    return qualify(location).toString();
  }

  /**
   * On a local filesystem, deletes the {@code .crc} checksum files Hadoop writes next to every file
   * below {@code dir} (and nothing else); elsewhere there are none. Readers do not need them.
   */
  public void deleteLocalChecksums(String dir) {
    Path path = new Path(dir);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!isLocal(fs) || !fs.exists(path)) {
        return;
      }
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(localPath(fs, path))) {
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

  /**
   * Whether {@code location} is on S3 (or names no scheme, which never means S3 here). Read with
   * Hadoop's path parser, as every other use of the location is: a {@code %} or {@code [} in a local
   * folder name is not a URI escape or syntax error.
   */
  public static boolean isS3(String location) {
    String scheme = new Path(location).toUri().getScheme();
    return scheme != null && scheme.startsWith("s3");
  }
}
