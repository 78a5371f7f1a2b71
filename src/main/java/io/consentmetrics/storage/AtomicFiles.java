package io.consentmetrics.storage;

import io.consentmetrics.metrics.publish.OutputLease;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;

/**
 * Writes that readers and a kill at any point see as all or nothing: a file replaced whole, a file
 * created only when absent. How each is done depends on the store ({@link Schemes}).
 */
public final class AtomicFiles {
  private final Configuration hadoop;

  AtomicFiles(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  /**
   * Writes {@code text} so that readers see either the previous file or the whole new one: on an
   * object store the upload itself is atomic (see {@link #replace}); on a local filesystem through
   * a hidden temporary file renamed over the target.
   */
  public void writeText(String file, String text) {
    Path target = new Path(file);
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (Schemes.isLocal(fs)) {
        LocalFiles.writeAtomically(Schemes.localPath(fs, target), bytes);
        return;
      }
      Path staged = Schemes.isObjectStore(fs) ? target : new Path(target.getParent(), "_" + target.getName() + ".tmp");
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
    if (Schemes.isObjectStore(fs)) {
      try (InputStream in = fs.open(src); OutputStream out = fs.create(dst, true)) {
        IOUtils.copyBytes(in, out, 1 << 16);
      }
      fs.delete(src, false);
    } else if (Schemes.isLocal(fs)) {
      LocalFiles.moveOver(Schemes.localPath(fs, src), Schemes.localPath(fs, dst));
    } else {
      fs.mkdirs(dst.getParent());
      FileContext.getFileContext(fs.getUri(), hadoop).rename(src, dst, Options.Rename.OVERWRITE);
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
      if (Schemes.isLocal(fs)) {
        java.nio.file.Path local = Schemes.localPath(fs, path);
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
}
