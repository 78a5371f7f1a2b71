package io.consentmetrics.config;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An inclusive range of hours, named as the input's folders are: {@code YYYY-MM-DD-HH}. */
public record HourRange(LocalDateTime from, LocalDateTime to) {
  private static final Pattern DATEHOUR = Pattern.compile("\\d{4}-\\d{2}-\\d{2}-\\d{2}");
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH");
  /** Strict: the default resolver would quietly turn 2021-02-30 into 2021-02-28. */
  private static final DateTimeFormatter STRICT_PARSER =
      DateTimeFormatter.ofPattern("uuuu-MM-dd-HH:mm").withResolverStyle(ResolverStyle.STRICT);
  /** A month of hours: more is almost certainly a typo, and would list thousands of folders. */
  static final int MAX_HOURS = 24 * 31;

  public HourRange {
    requireRange("--from", from, "--to", to);
  }

  /**
   * The hours from {@code from} to {@code to} (null: just {@code from}), with errors naming the
   * settings as the user gave them ({@code --from}, or the config file's key).
   */
  public static HourRange of(String fromName, String from, String toName, String to) {
    LocalDateTime start = parse(fromName, from);
    LocalDateTime end = to == null ? start : parse(toName, to);
    requireRange(fromName, start, toName, end);
    return new HourRange(start, end);
  }

  /** The one check of a range: {@code to} not before {@code from}, at most {@link #MAX_HOURS} apart. */
  private static void requireRange(String fromName, LocalDateTime from, String toName, LocalDateTime to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(toName + " " + format(to) + " is before " + fromName + " " + format(from));
    }
    if (from.plusHours(MAX_HOURS).isBefore(to)) {
      throw new IllegalArgumentException("an hour range spans at most " + MAX_HOURS + " hours");
    }
  }

  public static LocalDateTime parse(String flag, String datehour) {
    if (!DATEHOUR.matcher(datehour).matches()) {
      throw new IllegalArgumentException(flag + " must be YYYY-MM-DD-HH, not " + datehour);
    }
    try {
      return LocalDateTime.parse(datehour + ":00", STRICT_PARSER);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(flag + " is not a valid hour: " + datehour);
    }
  }

  public static String format(LocalDateTime hour) {
    return FORMAT.format(hour);
  }

  /** Every hour of the range, as {@code YYYY-MM-DD-HH}, in order. */
  public List<String> datehours() {
    List<String> hours = new ArrayList<>();
    for (LocalDateTime h = from; !h.isAfter(to); h = h.plusHours(1)) {
      hours.add(format(h));
    }
    return hours;
  }
}
