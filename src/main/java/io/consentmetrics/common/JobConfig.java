package io.consentmetrics.common;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The job's settings, read once from the layered Typesafe configuration (see {@code application.conf}
 * for the layers and their precedence).
 */
public record JobConfig(
    String input,
    String output,
    Optional<String> jobConfigFile,
    int shufflePartitions,
    S3Settings s3,
    Map<String, String> hadoop,
    Optional<HourRange> hours,
    boolean report) {

  /** Root of every setting of this job in the configuration tree. */
  public static final String ROOT = "consent-metrics";

  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  public static final String JOB_CONFIG = "job-config";
  public static final String FROM = "from";
  public static final String TO = "to";
  /** Whether each successful run writes its HTML report under report/. */
  public static final String REPORT = "report";

  /**
   * Layers the configuration: {@code overrides} (the command line) over system properties over
   * {@code jobFile} (the optional JSON file, relative to {@link #ROOT}) over {@code application.conf}.
   */
  public static JobConfig load(Map<String, String> overrides, Config jobFile) {
    Config layered =
        ConfigFactory.parseMap(prefixed(overrides))
            .withFallback(ConfigFactory.systemProperties())
            .withFallback(jobFile.atPath(ROOT))
            .withFallback(ConfigFactory.defaultApplication())
            .resolve();
    return from(layered.getConfig(ROOT));
  }

  public static JobConfig load(Map<String, String> overrides) {
    return load(overrides, ConfigFactory.empty());
  }

  static JobConfig from(Config c) {
    try {
      if (c.hasPath(TO) && !c.hasPath(FROM)) {
        throw new IllegalArgumentException("--to needs --from");
      }
      Config s3 = c.getConfig("s3");
      return new JobConfig(
          c.getString(INPUT),
          c.getString(OUTPUT),
          optional(c, JOB_CONFIG),
          c.getInt("shuffle-partitions"),
          new S3Settings(
              optional(s3, "endpoint"),
              optional(s3, "access-key"),
              optional(s3, "secret-key"),
              s3.getBoolean("path-style-access")),
          stringMap(c.getObject("hadoop").entrySet()),
          optional(c, FROM).map(from -> HourRange.of(from, optional(c, TO).orElse(null))),
          c.getBoolean(REPORT));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }


  private static Map<String, String> prefixed(Map<String, String> overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    overrides.forEach((k, v) -> out.put(ROOT + "." + k, v));
    return out;
  }

  private static Optional<String> optional(Config c, String path) {
    return c.hasPath(path) && !c.getString(path).isBlank()
        ? Optional.of(c.getString(path))
        : Optional.empty();
  }

  private static Map<String, String> stringMap(Iterable<Map.Entry<String, ConfigValue>> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : entries) {
      out.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    return out;
  }

  /** Connection to the S3 API. Its {@code toString} never shows the secret key. */
  public record S3Settings(
      Optional<String> endpoint,
      Optional<String> accessKey,
      Optional<String> secretKey,
      boolean pathStyleAccess) {

    @Override
    public String toString() {
      return "S3Settings[endpoint=" + endpoint.orElse("(default)")
          + ", accessKey=" + accessKey.orElse("(default chain)")
          + ", secretKey=" + secretKey.map(s -> "(redacted)").orElse("(default chain)")
          + ", pathStyleAccess=" + pathStyleAccess + "]";
    }
  }
}
