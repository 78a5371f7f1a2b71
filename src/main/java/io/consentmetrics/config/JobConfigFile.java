package io.consentmetrics.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.consentmetrics.metrics.JobFailure;
import io.consentmetrics.spark.SparkSessions;
import io.consentmetrics.storage.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.log4j.Logger;
import org.apache.spark.SparkConf;

/**
 * The optional job config file: JSON kept with the data (by default {@code
 * data/config/metrics-job.json} in the bucket), read through Hadoop's FileSystem like the events.
 *
 * <p>It is read before the job's SparkSession exists, through a FileSystem instance of its own that
 * is closed afterwards: Hadoop caches one FileSystem per bucket, so reading the file through the
 * cache would create the job's S3 client before the file's own S3 settings were applied.
 */
public final class JobConfigFile {
  private static final Logger LOG = Logger.getLogger(JobConfigFile.class);
  /** Prefix of the file's origin description; errors about its values name it. */
  static final String ORIGIN = "config file ";

  private JobConfigFile() {}

  /**
   * The file's settings, or none. A file named on the command line must exist; the default one may
   * be missing, and is not even looked for when the run touches no bucket (input and output both
   * local), so that local runs need no S3 at all. {@code base} (the settings without the file)
   * says where the file is and how to reach it.
   */
  public static Config read(JobConfig base, boolean named) {
    if (base.jobConfigFile().isEmpty()) {
      return ConfigFactory.empty();
    }
    String file = base.jobConfigFile().get();
    boolean localRun = !Storage.isS3(base.input()) && !Storage.isS3(base.output());
    if (!named && Storage.isS3(file) && localRun) {
      return ConfigFactory.empty();
    }
    Optional<String> text = readWithOwnFileSystem(base, file);
    if (text.isEmpty()) {
      if (named) {
        throw new JobFailure("config file not found: " + file);
      }
      LOG.info("No job config file at " + file + "; using the defaults");
      return ConfigFactory.empty();
    }
    return parse(file, text.get());
  }

  private static Optional<String> readWithOwnFileSystem(JobConfig base, String file) {
    SparkConf spark = new SparkConf(); // spark.* system properties, as spark-submit sets them
    Configuration hadoop = SparkSessions.hadoopConfiguration(spark);
    SparkSessions.applyHadoop(hadoop, spark, base);
    Path path = new Path(file);
    try (FileSystem fs = FileSystem.newInstance(path.toUri(), hadoop);
        InputStream in = fs.open(path)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses the file's JSON. A syntax error names the file and the line, never the text found there:
   * the file holds secrets, and the parser's own message quotes the offending token. A setting the
   * job does not know (a misspelt key) fails the run naming it, rather than being ignored.
   */
  static Config parse(String file, String json) {
    Config settings;
    try {
      settings = ConfigFactory.parseString(
          json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setOriginDescription(ORIGIN + file));
    } catch (ConfigException e) {
      int line = e.origin() == null ? -1 : e.origin().lineNumber();
      throw new JobFailure("invalid config file " + file + ": not valid JSON"
          + (line > 0 ? " (line " + line + ")" : ""));
    }
    KnownSettings.firstUnknown(settings).ifPresent(unknown -> {
      throw new JobFailure("invalid config file " + file + ": " + unknown);
    });
    return settings;
  }
}
