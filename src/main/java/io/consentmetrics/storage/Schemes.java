package io.consentmetrics.storage;

import java.net.URI;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What kind of store a path is on: the one place that decides, from the file system's scheme, where
 * an object store's rules (no rename, no empty folders, atomic uploads) apply and where a local
 * disk's do.
 */
public final class Schemes {
  private Schemes() {}

  static boolean isObjectStore(FileSystem fs) {
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
