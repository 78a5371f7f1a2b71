package io.consentmetrics.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Readers of one setting each, range-checked: a value out of range fails naming the setting as the
 * user gave it (flag, property, or key and file), never with Typesafe's message, which may quote a
 * secret. Typesafe alone accepts {@code -1h} as a duration and any number as a share.
 */
final class SettingValues {
  /**
   * The largest line limit: a line is held in one Java array, whose buffer doubles while it grows,
   * so a limit near 2 GiB could not be held at all.
   */
  static final long MAX_LINE_LIMIT = 1L << 30;

  private SettingValues() {}

  static double share(Config c, String key) {
    return number(c, key, Double::parseDouble, share -> share >= 0 && share <= 1, "a number from 0 to 1");
  }

  static long count(Config c, String key) {
    return number(c, key, Long::parseLong, count -> count >= 0, "a whole number, 0 or more");
  }

  /** The setting {@code key} as a number that {@code allowed} accepts; anything else fails naming the setting. */
  static <T> T number(Config c, String key, Function<String, T> parse, Predicate<T> allowed, String what) {
    T value;
    try {
      value = parse.apply(c.getString(key).strip());
    } catch (ConfigException | NumberFormatException e) {
      value = null;
    }
    if (value == null || !allowed.test(value)) {
      throw JobConfig.invalid(c, key, JobConfig.nameOf(c, key) + " must be " + what);
    }
    return value;
  }

  /**
   * A duration above zero, or from zero with {@code zeroAllowed}: Typesafe reads {@code -1h} as a
   * valid duration, and a negative lease age would make every live run's lease look abandoned.
   */
  static Duration duration(Config c, String key, boolean zeroAllowed) {
    String expected = JobConfig.nameOf(c, key) + " must be a duration " + (zeroAllowed ? "of 0 or more" : "above 0")
        + " such as 90s, 30m or 2h";
    Duration duration;
    try {
      duration = c.getDuration(key);
    } catch (ConfigException e) {
      throw JobConfig.invalid(c, key, expected);
    }
    if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
      throw JobConfig.invalid(c, key, expected);
    }
    return duration;
  }

  /**
   * Whole hours, as the folders are: a bare number is hours ({@code 168}), otherwise a duration
   * ({@code 168h}, {@code 7d}). A fraction of an hour is rounded down, since folders lie whole hours
   * apart. Zero means copies in different folders are never duplicates of each other.
   */
  static Duration horizon(Config c, String key) {
    String message = JobConfig.nameOf(c, key) + " must be hours (168) or a duration such as 168h or 7d";
    Duration horizon;
    try {
      String value = c.getString(key).strip();
      horizon = value.matches("\\d{1,9}") ? Duration.ofHours(Long.parseLong(value)) : c.getDuration(key);
    } catch (ConfigException e) {
      throw JobConfig.invalid(c, key, message);
    }
    if (horizon.isNegative()) {
      throw JobConfig.invalid(c, key, message);
    }
    return Duration.ofHours(horizon.toHours());
  }

  /** A size in bytes ({@code 67108864}, {@code 64MiB}) from 1 byte to {@code max}. */
  static long bytes(Config c, String key, long max) {
    String expected = JobConfig.nameOf(c, key) + " must be a size from 1 byte to 1GiB such as 64MiB";
    long bytes;
    try {
      bytes = c.getBytes(key);
    } catch (ConfigException e) {
      throw JobConfig.invalid(c, key, expected);
    }
    if (bytes < 1 || bytes > max) {
      throw JobConfig.invalid(c, key, expected);
    }
    return bytes;
  }
}
