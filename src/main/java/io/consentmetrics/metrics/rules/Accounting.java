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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The counts of the run summary, measured while the metrics are computed: the input is read once,
 * and no extra action runs over it. The reader counts the lines ({@link LineCounts}), the metrics'
 * aggregation the events ({@link #eventCounts}). Every line read is accounted for: {@code
 * lines_read = rejected + duplicates + unknown_type + events_counted}, each side counted on its own,
 * so the identity is a check and not a definition.
 */
public final class Accounting {
  private static final Logger LOG = Logger.getLogger(Accounting.class);

  private Accounting() {}

  /**
   * The counts the metrics' aggregation makes of the events: each is a column of its rows, named as
   * the summary's key ({@link #column}).
   */
  public enum EventCount {
    DUPLICATES, UNKNOWN_TYPE, EVENTS_COUNTED, INVALID_TOKEN, INVALID_DATETIME, LATE_EVENTS;

    public String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What the summary counts about deduplicated, flagged events, as aggregate expressions for {@link
   * Metrics#perGroup}, so they are summed in the metrics' own aggregation. Invalid tokens and
   * datetimes and late events are counted among the events the metrics count (known types), since
   * only those can affect a metric.
   */
  public static Map<String, Column> eventCounts() {
    Column known = EventTypes.isKnown();
    Map<String, Column> counts = new LinkedHashMap<>();
    counts.put(EventCount.DUPLICATES.column(), sum(col(Columns.COPIES).minus(Literals.of(1L))));
    counts.put(EventCount.UNKNOWN_TYPE.column(), countWhere(not(known)));
    counts.put(EventCount.EVENTS_COUNTED.column(), countWhere(known));
    counts.put(EventCount.INVALID_TOKEN.column(), countWhere(known.and(col(Columns.HAS_INVALID_TOKEN))));
    counts.put(EventCount.INVALID_DATETIME.column(), countWhere(known.and(col(Columns.HAS_INVALID_DATETIME))));
    counts.put(EventCount.LATE_EVENTS.column(), countWhere(known.and(col(Columns.IS_LATE))));
    return counts;
  }

  /**
   * The run's groups summed per datehour: each of {@link #eventCounts} and the number of groups
   * published. A row per hour is what the summary, the report's data quality and {@code table/}'s
   * bookkeeping need: the groups themselves (a million, with random subdomains) stay on the executors.
   */
  public static Dataset<Row> perHour(Dataset<Row> groups) {
    List<Column> sums = new ArrayList<>();
    for (EventCount count : EventCount.values()) {
      sums.add(sum(col(count.column())).as(count.column()));
    }
    sums.add(countWhere(Metrics.isPublished()).as(Columns.PUBLISHED_GROUPS));
    return groups.groupBy(col(Columns.DATEHOUR)).agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
  }

  /** How many groups the run publishes, from its {@link #perHour} totals. */
  public static long publishedGroups(List<Row> perHour) {
    return perHour.stream().mapToLong(h -> h.<Long>getAs(Columns.PUBLISHED_GROUPS)).sum();
  }

  /** The datehours with a published group, from the run's {@link #perHour} totals. */
  public static Set<String> publishedHours(List<Row> perHour) {
    return perHour.stream().filter(h -> h.<Long>getAs(Columns.PUBLISHED_GROUPS) > 0)
        .map(h -> h.<String>getAs(Columns.DATEHOUR)).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The counts of one run. In the summary's JSON (see {@link RunSummary}) the total of rejected
   * lines comes before its breakdown, which lists the reasons in their declared order.
   */
  @JsonPropertyOrder({"lines_read", "rejected", "rejected_by_reason"})
  public record Counts(
      long linesRead,
      @JsonFormat(with = JsonFormat.Feature.WRITE_SORTED_MAP_ENTRIES) Map<RejectReason, Long> rejectedByReason,
      long duplicates,
      long unknownType,
      long eventsCounted,
      long invalidToken,
      long invalidDatetime,
      long lateEvents) {

    /**
     * From the lines the reader counted and the groups {@link Metrics#perGroup} computed with {@link
     * #eventCounts}, or their sums per datehour ({@link #perHour}).
     */
    public static Counts of(LineCounts.Value lines, List<Row> groups) {
      Counts counts = new Counts(
          lines.linesRead(),
          lines.rejectedByReason(),
          total(groups, EventCount.DUPLICATES),
          total(groups, EventCount.UNKNOWN_TYPE),
          total(groups, EventCount.EVENTS_COUNTED),
          total(groups, EventCount.INVALID_TOKEN),
          total(groups, EventCount.INVALID_DATETIME),
          total(groups, EventCount.LATE_EVENTS));
      if (!counts.balances()) {
        LOG.warn("the summary's line counts do not add up (lines_read " + counts.linesRead()
            + "): a task was run twice and its lines counted twice; the metrics are not affected");
      }
      return counts;
    }

    private static long total(List<Row> groups, EventCount count) {
      return groups.stream().mapToLong(g -> g.<Long>getAs(count.column())).sum();
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
