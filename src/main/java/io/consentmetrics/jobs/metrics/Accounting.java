package io.consentmetrics.jobs.metrics;

import static io.consentmetrics.jobs.metrics.Metrics.countWhere;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The counts of the run summary, measured with {@link Dataset#observe} while the metrics are
 * computed: the input is read once, and no extra action runs over it. Every line read is accounted
 * for: {@code lines_read = rejected + duplicates + unknown_type + events_counted}, each side counted
 * on its own, so the identity is a check and not a definition.
 */
public final class Accounting {
  private Accounting() {}

  /** Names of the two observations. */
  public static final String LINES = "lines";
  public static final String EVENTS = "events";

  // Names of the counts; also the run summary's keys.
  public static final String LINES_READ = "lines_read";
  public static final String DUPLICATES = "duplicates";
  public static final String UNKNOWN_TYPE = "unknown_type";
  public static final String EVENTS_COUNTED = "events_counted";
  public static final String INVALID_TOKEN = "invalid_token";
  public static final String INVALID_DATETIME = "invalid_datetime";
  public static final String LATE_EVENTS = "late_events";

  /** Over parsed lines: lines read, and lines rejected for each reason. */
  public static Dataset<Row> observeLines(Dataset<Row> parsed) {
    Column reason = col(Columns.REJECT_REASON);
    Column[] byReason =
        Arrays.stream(RejectReason.values())
            .map(r -> countWhere(reason.equalTo(r.label())).as(r.label()))
            .toArray(Column[]::new);
    return parsed.observe(LINES, count(lit(1)).as(LINES_READ), seq(byReason));
  }

  /**
   * Over deduplicated, flagged events. Invalid tokens and datetimes and late events are counted
   * among the events the metrics count (known types), since only those can affect a metric.
   */
  public static Dataset<Row> observeEvents(Dataset<Row> flagged) {
    Column known = EventTypes.isKnown();
    return flagged.observe(
        EVENTS,
        coalesce(sum(col(Columns.COPIES).minus(1)), lit(0L)).as(DUPLICATES),
        seq(countWhere(not(known)).as(UNKNOWN_TYPE),
        countWhere(known).as(EVENTS_COUNTED),
        countWhere(known.and(col(Columns.HAS_INVALID_TOKEN))).as(INVALID_TOKEN),
        countWhere(known.and(col(Columns.HAS_INVALID_DATETIME))).as(INVALID_DATETIME),
        countWhere(known.and(col(Columns.IS_LATE))).as(LATE_EVENTS)));
  }

  /** {@code Dataset.observe} has no Java varargs form in Spark 3.2. */
  private static Seq<Column> seq(Column... columns) {
    return JavaConverters.asScalaBuffer(Arrays.asList(columns)).toSeq();
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

    /** From the two observations ({@link #LINES}, {@link #EVENTS}) of one run. */
    public static Counts of(Map<String, Row> observed) {
      Row lines = observed.get(LINES);
      Row events = observed.get(EVENTS);
      if (lines == null || events == null) {
        throw new IllegalStateException("the run's counts were not observed: " + observed.keySet());
      }
      Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
      for (RejectReason r : RejectReason.values()) {
        rejected.put(r, lines.<Long>getAs(r.label()));
      }
      return new Counts(
          lines.getAs(LINES_READ),
          Map.copyOf(rejected),
          events.getAs(DUPLICATES),
          events.getAs(UNKNOWN_TYPE),
          events.getAs(EVENTS_COUNTED),
          events.getAs(INVALID_TOKEN),
          events.getAs(INVALID_DATETIME),
          events.getAs(LATE_EVENTS));
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
