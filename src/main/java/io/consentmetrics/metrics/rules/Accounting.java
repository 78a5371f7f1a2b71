package io.consentmetrics.metrics.rules;

import static io.consentmetrics.metrics.rules.Metrics.countWhere;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.metrics.read.LineCounts;
import io.consentmetrics.spark.Literals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The counts of the run summary, measured while the metrics are computed: the input is read once,
 * and no extra action runs over it. The reader counts the lines ({@link LineCounts}), the metrics'
 * aggregation the events ({@link #eventCounts}). Every line read is accounted for: {@code
 * lines_read = rejected + duplicates + unknown_type + events_counted}, each side counted on its own,
 * so the identity is a check and not a definition.
 */
public final class Accounting {
  private Accounting() {}

  // Names of the counts; also the run summary's keys.
  public static final String LINES_READ = "lines_read";
  public static final String DUPLICATES = "duplicates";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String EVENTS_COUNTED = "events_counted";
  public static final String INVALID_TOKEN = "invalid_token";
  public static final String INVALID_DATETIME = "invalid_datetime";
  public static final String LATE_EVENTS = "late_events";

  /**
   * What the summary counts about deduplicated, flagged events, as aggregate expressions for {@link
   * Metrics#perGroup}, so they are summed in the metrics' own aggregation. Invalid tokens and
   * datetimes and late events are counted among the events the metrics count (known types), since
   * only those can affect a metric.
   */
  public static Map<String, Column> eventCounts() {
    Column known = EventTypes.isKnown();
    Map<String, Column> counts = new LinkedHashMap<>();
    counts.put(DUPLICATES, sum(col(Columns.COPIES).minus(Literals.of(1L))));
    counts.put(UNKNOWN_TYPE, countWhere(not(known)));
    counts.put(EVENTS_COUNTED, countWhere(known));
    counts.put(INVALID_TOKEN, countWhere(known.and(col(Columns.HAS_INVALID_TOKEN))));
    counts.put(INVALID_DATETIME, countWhere(known.and(col(Columns.HAS_INVALID_DATETIME))));
    counts.put(LATE_EVENTS, countWhere(known.and(col(Columns.IS_LATE))));
    return counts;
  }

  /**
   * The counts of one run. In the summary's JSON (see {@link RunSummary}) the total of rejected
   * lines comes before its breakdown, which lists the reasons in their declared order.
   */
  @JsonPropertyOrder({LINES_READ, "rejected", "rejected_by_reason"})
  public record Counts(
      long linesRead,
      @JsonFormat(with = JsonFormat.Feature.WRITE_SORTED_MAP_ENTRIES) Map<RejectReason, Long> rejectedByReason,
      long duplicates,
      long unknownType,
      long eventsCounted,
      long invalidToken,
      long invalidDatetime,
      long lateEvents) {

    /** From the lines the reader counted and the groups {@link Metrics#perGroup} computed with {@link #eventCounts}. */
    public static Counts of(LineCounts.Value lines, List<Row> groups) {
      return new Counts(
          lines.linesRead(),
          lines.rejectedByReason(),
          total(groups, DUPLICATES),
          total(groups, UNKNOWN_TYPE),
          total(groups, EVENTS_COUNTED),
          total(groups, INVALID_TOKEN),
          total(groups, INVALID_DATETIME),
          total(groups, LATE_EVENTS));
    }

    private static long total(List<Row> groups, String count) {
      return groups.stream().mapToLong(g -> g.<Long>getAs(count)).sum();
    }

    /**
     * The same counts with {@code more} duplicates: copies dropped before the metrics' aggregation
     * saw them, because an earlier folder keeps their id ({@link CrossRunDedup#firstDelivery}).
     */
    public Counts plusDuplicates(long more) {
      return new Counts(linesRead, rejectedByReason, duplicates + more, unknownType, eventsCounted, invalidToken,
          invalidDatetime, lateEvents);
    }

    @JsonProperty
    public long rejected() {
      return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when every line read is accounted for exactly once. */
    public boolean balances() {
      return linesRead == rejected() + duplicates + unknownType + eventsCounted;
    }
  }
}
