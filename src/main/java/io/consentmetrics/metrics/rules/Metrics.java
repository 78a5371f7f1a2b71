package io.consentmetrics.metrics.rules;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.spark.Literals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The consent metrics per (datehour, domain, country). */
public final class Metrics {
  private Metrics() {}

  /** The output, in the contract's column order. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType)
          .add(Columns.COUNTRY, DataTypes.StringType)
          .add(Columns.PAGEVIEWS, DataTypes.LongType, false)
          .add(Columns.PAGEVIEWS_WITH_CONSENT, DataTypes.LongType, false)
          .add(Columns.CONSENTS_ASKED, DataTypes.LongType, false)
          .add(Columns.CONSENTS_ASKED_WITH_CONSENT, DataTypes.LongType, false)
          .add(Columns.CONSENTS_GIVEN, DataTypes.LongType, false)
          .add(Columns.CONSENTS_GIVEN_WITH_CONSENT, DataTypes.LongType, false)
          .add(Columns.AVG_PAGEVIEWS_PER_USER, DataTypes.DoubleType);

  /** The output column names, in the contract's order. */
  public static final String[] OUTPUT_COLUMNS = SCHEMA.fieldNames();

  private static final String[] COUNTS = {
    Columns.PAGEVIEWS, Columns.PAGEVIEWS_WITH_CONSENT,
    Columns.CONSENTS_ASKED, Columns.CONSENTS_ASKED_WITH_CONSENT,
    Columns.CONSENTS_GIVEN, Columns.CONSENTS_GIVEN_WITH_CONSENT
  };

  private static final String PAGEVIEW_USER = "_pageview_user";
  private static final String PAGEVIEW_USERS = "_pageview_users";

  /**
   * The metrics of every group, including groups whose events are all of unknown types (their
   * counts are 0), and, per group, the sums of {@code alsoCounted}: aggregate expressions over the
   * group's events, by output column name. The job counts its run summary's events this way, in
   * the same aggregation as the metrics: a {@code Dataset.observe} in front of it ends the generated
   * code of the stage and cost more than the aggregation itself (docs/performance.md).
   *
   * <p>Two hash aggregates instead of {@code countDistinct} beside the counts, which Spark rewrites
   * with an Expand that multiplies the rows: first per group and pageview user (the user is null for
   * other types, so they collapse to one row per group), then per group, where each non-null user
   * row is one distinct user.
   */
  public static Dataset<Row> perGroup(Dataset<Row> events, Map<String, Column> alsoCounted) {
    Column pageview = EventTypes.is(EventTypes.PAGEVIEW);
    Column asked = EventTypes.is(EventTypes.CONSENT_ASKED);
    Column given = EventTypes.is(EventTypes.CONSENT_GIVEN);
    Column consent = col(Columns.HAS_CONSENT);

    List<Column> perUserCounts = new ArrayList<>(List.of(
        countWhere(pageview).as(Columns.PAGEVIEWS),
        countWhere(pageview.and(consent)).as(Columns.PAGEVIEWS_WITH_CONSENT),
        countWhere(asked).as(Columns.CONSENTS_ASKED),
        countWhere(asked.and(consent)).as(Columns.CONSENTS_ASKED_WITH_CONSENT),
        countWhere(given).as(Columns.CONSENTS_GIVEN),
        countWhere(given.and(consent)).as(Columns.CONSENTS_GIVEN_WITH_CONSENT)));
    alsoCounted.forEach((name, count) -> perUserCounts.add(count.as(name)));
    Dataset<Row> perUser =
        events
            .groupBy(col(Columns.DATEHOUR), col(Columns.DOMAIN), col(Columns.COUNTRY),
                when(pageview, col(Columns.USER_ID)).as(PAGEVIEW_USER))
            .agg(perUserCounts.get(0), perUserCounts.subList(1, perUserCounts.size()).toArray(Column[]::new));

    List<String> summed = new ArrayList<>(List.of(COUNTS));
    summed.addAll(alsoCounted.keySet());
    Column[] totals = summed.stream().map(c -> coalesce(sum(col(c)), Literals.of(0L)).as(c)).toArray(Column[]::new);
    Column users = col(PAGEVIEW_USERS);
    List<Column> output = new ArrayList<>(Arrays.stream(OUTPUT_COLUMNS).map(functions::col).toList());
    alsoCounted.keySet().forEach(name -> output.add(col(name)));
    return perUser
        .groupBy(col(Columns.DATEHOUR), col(Columns.DOMAIN), col(Columns.COUNTRY))
        .agg(count(col(PAGEVIEW_USER)).as(PAGEVIEW_USERS), totals)
        .withColumn(
            Columns.AVG_PAGEVIEWS_PER_USER,
            when(users.gt(Literals.of(0L)), col(Columns.PAGEVIEWS).cast(DataTypes.DoubleType).divide(users)))
        .select(output.toArray(Column[]::new));
  }

  /** The schema of {@link #perGroup}'s rows: {@link #SCHEMA}, then each of {@code alsoCounted}. */
  public static StructType perGroupSchema(Collection<String> alsoCounted) {
    StructType schema = SCHEMA;
    for (String name : alsoCounted) {
      schema = schema.add(name, DataTypes.LongType, false);
    }
    return schema;
  }

  /** The groups {@link #perGroup} found that have an event of a known type, in {@link #SCHEMA}. */
  public static Dataset<Row> published(Dataset<Row> groups) {
    return groups
        .filter(isPublished())
        .select(Arrays.stream(OUTPUT_COLUMNS).map(functions::col).toArray(Column[]::new));
  }

  /** Whether a group of {@link #perGroup} is published: it has an event of a known type. */
  static Column isPublished() {
    return col(Columns.PAGEVIEWS).plus(col(Columns.CONSENTS_ASKED)).plus(col(Columns.CONSENTS_GIVEN)).gt(Literals.of(0L));
  }

  /**
   * The metrics in the published order: by datehour, domain, country, nulls first; one partition,
   * for the one CSV file. The job gives it the run's kept groups ({@code persist}), so {@code
   * coalesce} reads the kept partitions in one task rather than shuffling them; over a Dataset not
   * kept it would run all of its upstream work in that one task.
   */
  public static Dataset<Row> inOutputOrder(Dataset<Row> metrics) {
    return metrics.coalesce(1).sortWithinPartitions(outputOrder());
  }

  /** The published order of the rows: by datehour, domain, country, nulls first. */
  public static Column[] outputOrder() {
    return new Column[] {
      col(Columns.DATEHOUR).asc_nulls_first(),
      col(Columns.DOMAIN).asc_nulls_first(),
      col(Columns.COUNTRY).asc_nulls_first()
    };
  }

  /** Counts the rows where {@code condition} is true; 0, never null, when there are none. */
  static Column countWhere(Column condition) {
    return count(when(condition, Literals.of(1)));
  }
}
