package io.consentmetrics.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.util.Map;
import java.util.Optional;
import org.apache.log4j.Logger;

/**
 * The optional job config file: JSON kept with the data (by default {@code
 * data/config/metrics-job.json} in the bucket), read through Hadoop's FileSystem like the events.
 */
public final class JobConfigFile {
  private static final Logger LOG = Logger.getLogger(JobConfigFile.class);

  private JobConfigFile() {}

  /**
   * Returns {@code base} overlaid with the file's settings. A file named on the command line must
   * exist; the default one may be missing, and is not even looked for when the run touches no
   * bucket (input and output both local), so that local runs need no S3 at all.
   */
  public static JobConfig overlay(
      Storage storage, JobConfig base, Map<String, String> overrides, boolean named) {
    if (base.jobConfigFile().isEmpty()) {
      return base;
    }
    String file = base.jobConfigFile().get();
    boolean localRun = !Storage.isS3(base.input()) && !Storage.isS3(base.output());
    if (!named && Storage.isS3(file) && localRun) {
      return base;
    }
    Optional<String> text = storage.readTextIfExists(file);
    if (text.isEmpty()) {
      if (named) {
        throw new JobFailure("config file not found: " + file);
      }
      LOG.info("No job config file at " + file + "; using the defaults");
      return base;
    }
    return JobConfig.load(overrides, parse(file, text.get()));
  }

  static Config parse(String file, String json) {
    try {
      return ConfigFactory.parseString(
          json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON).setOriginDescription(file));
    } catch (ConfigException e) {
      throw new JobFailure("invalid config file " + file + ": " + e.getMessage(), e);
    }
  }
}
