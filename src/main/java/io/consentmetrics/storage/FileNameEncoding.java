package io.consentmetrics.storage;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.metrics.JobFailure;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Local file names are bytes; the JVM decodes them with the charset of the locale it started in
 * ({@code sun.jnu.encoding}, which {@code -D} cannot change on JDK 17). Under {@code LANG=C} or no
 * locale at all (cron, minimal containers) that is ASCII: a file named {@code événement.json} is
 * listed as {@code ??v??nement.json}, which does not exist, and Hadoop's local listing silently
 * skips it. So a run on local folders refuses to start in such a JVM. S3 keys are always UTF-8.
 */
public final class FileNameEncoding {
  private FileNameEncoding() {}

  /** Fails when {@code config} touches a local folder and this JVM does not decode file names as UTF-8. */
  public static void requireUtf8ForLocalPaths(JobConfig config) {
    require(config, System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
  }

  static void require(JobConfig config, String fileNameCharset) {
    boolean local = !Storage.isS3(config.input()) || !Storage.isS3(config.output());
    if (local && !isUtf8(fileNameCharset)) {
      throw new JobFailure("this JVM decodes file names as " + fileNameCharset + ", not UTF-8, so local files with"
          + " non-ASCII names would be skipped or misnamed: start it with a UTF-8 locale (e.g. LC_ALL=C.UTF-8)");
    }
  }

  private static boolean isUtf8(String charset) {
    try {
      return Charset.forName(charset).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
