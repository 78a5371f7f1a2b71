package io.consentmetrics.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.consentmetrics.metrics.publish.OutputLease;
import java.time.Duration;
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
    Safeguards safeguards,
    boolean report,
    Duration dedupHorizon,
    long maxLineBytes) {

  /** Root of every setting of this job in the configuration tree. */
  public static final String ROOT = "consent-metrics";

  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  public static final String JOB_CONFIG = "job-config";
  public static final String FROM = "from";
  public static final String TO = "to";
  /** Whether each successful run writes its HTML report under report/. */
  public static final String REPORT = "report";

  public static final String MAX_REJECTED_SHARE = "max-rejected-share";
  public static final String MIN_EVENTS = "min-events";
  public static final String LEASE_MAX_AGE = "lease-max-age";
  public static final String LEASE_SETTLE = "lease-settle";
  /** How far after an id's first copy a copy still counts as a duplicate (SPEC rule 3). */
  public static final String DEDUP_HORIZON = "dedup-horizon";
  /** Lines longer than this are rejected as {@code line_too_long} (SPEC rule 1), never held whole. */
  public static final String MAX_LINE_BYTES = "max-line-bytes";

  /** Origin description of the command-line layer: errors about its values name the flag. */
  static final String COMMAND_LINE = "command line";

  /**
   * Layers the configuration: {@code overrides} (the command line) over system properties over
   * {@code jobFile} (the optional JSON file, relative to {@link #ROOT}) over {@code application.conf}.
   */
  public static JobConfig load(Map<String, String> overrides, Config jobFile) {
    Config layered =
        ConfigFactory.parseMap(prefixed(overrides), COMMAND_LINE)
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
        throw invalid(c, TO, nameOf(c, TO) + " needs " + (fromCommandLine(c, TO) ? "--from" : "'" + FROM + "'"));
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
          hours(c),
          new Safeguards(SettingValues.share(c, MAX_REJECTED_SHARE), SettingValues.count(c, MIN_EVENTS),
              SettingValues.duration(c, LEASE_MAX_AGE, false), SettingValues.duration(c, LEASE_SETTLE, true)),
          c.getBoolean(REPORT),
          SettingValues.horizon(c, DEDUP_HORIZON),
          SettingValues.bytes(c, MAX_LINE_BYTES, SettingValues.MAX_LINE_LIMIT));
    } catch (ConfigException e) {
      // Typesafe's messages may quote the offending value: name the place, never the value.
      String where = e.origin() == null ? "the configuration" : e.origin().description();
      throw new IllegalArgumentException("invalid configuration in " + where + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static Optional<HourRange> hours(Config c) {
    if (!c.hasPath(FROM)) {
      return Optional.empty();
    }
    try {
      return Optional.of(HourRange.of(nameOf(c, FROM), c.getString(FROM),
          c.hasPath(TO) ? nameOf(c, TO) : "--to", optional(c, TO).orElse(null)));
    } catch (IllegalArgumentException e) {
      throw new InvalidSetting(e.getMessage(), fromCommandLine(c, FROM) || fromCommandLine(c, TO));
    }
  }

  static InvalidSetting invalid(Config c, String key, String message) {
    return new InvalidSetting(message, fromCommandLine(c, key));
  }

  private static boolean fromCommandLine(Config c, String key) {
    return c.hasPath(key) && c.getValue(key).origin().description().startsWith(COMMAND_LINE);
  }

  /**
   * The setting as the user gave it: the flag for a command-line value, the property for a system
   * property, otherwise the key and where it was read (the job config file, application.conf).
   */
  static String nameOf(Config c, String key) {
    if (!c.hasPath(key)) {
      return "'" + key + "'";
    }
    String origin = c.getValue(key).origin().description();
    if (origin.startsWith(COMMAND_LINE)) {
      return key.equals(JOB_CONFIG) ? "--config" : "--" + key;
    }
    if (origin.startsWith("system properties")) {
      return "-D" + ROOT + "." + key;
    }
    String source = origin.replaceFirst(": \\d+$", "");
    return "'" + key + "' in " + (source.contains("application.conf") ? "application.conf" : source);
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

  /**
   * What protects the published outputs: the quality gate (SPEC rule 9), the age after which
   * another run's lease on the output root is considered abandoned, and how long a run waits on S3
   * before reading its new lease back (see {@link OutputLease}).
   */
  public record Safeguards(double maxRejectedShare, long minEvents, Duration leaseMaxAge, Duration leaseSettle) {}

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
