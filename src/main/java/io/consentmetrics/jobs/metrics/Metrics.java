package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
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
   * One row per group that has at least one event of a known type; events of any other type are
   * left out. A null domain or country is a group of its own.
   *
   * <p>Two hash aggregates instead of {@code countDistinct} beside the counts, which Spark rewrites
   * with an Expand that multiplies the rows: first per group and pageview user (the user is null for
   * other types, so they collapse to one row per group), then per group, where each non-null user
   * row is one distinct user.
   */
  public static Dataset<Row> perDatehourDomainCountry(Dataset<Row> events) {
    Column pageview = EventTypes.is(EventTypes.PAGEVIEW);
    Column asked = EventTypes.is(EventTypes.CONSENT_ASKED);
    Column given = EventTypes.is(EventTypes.CONSENT_GIVEN);
    Column consent = col(Columns.HAS_CONSENT);

    Dataset<Row> perUser =
        events
            .filter(EventTypes.isKnown())
            .groupBy(col(Columns.DATEHOUR), col(Columns.DOMAIN), col(Columns.COUNTRY),
                when(pageview, col(Columns.USER_ID)).as(PAGEVIEW_USER))
            .agg(
                countWhere(pageview).as(Columns.PAGEVIEWS),
                countWhere(pageview.and(consent)).as(Columns.PAGEVIEWS_WITH_CONSENT),
                countWhere(asked).as(Columns.CONSENTS_ASKED),
                countWhere(asked.and(consent)).as(Columns.CONSENTS_ASKED_WITH_CONSENT),
                countWhere(given).as(Columns.CONSENTS_GIVEN),
                countWhere(given.and(consent)).as(Columns.CONSENTS_GIVEN_WITH_CONSENT));

    Column[] totals =
        Arrays.stream(COUNTS).map(c -> coalesce(sum(col(c)), lit(0L)).as(c)).toArray(Column[]::new);
    Column users = col(PAGEVIEW_USERS);
    return perUser
        .groupBy(col(Columns.DATEHOUR), col(Columns.DOMAIN), col(Columns.COUNTRY))
        .agg(count(col(PAGEVIEW_USER)).as(PAGEVIEW_USERS), totals)
        .withColumn(
            Columns.AVG_PAGEVIEWS_PER_USER,
            when(users.gt(0), col(Columns.PAGEVIEWS).cast(DataTypes.DoubleType).divide(users)))
        .select(Arrays.stream(SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new));
  }

  /** The metrics in the published order: by datehour, domain, country, nulls first; one partition. */
  public static Dataset<Row> inOutputOrder(Dataset<Row> metrics) {
    return metrics
        .repartition(1)
        .sortWithinPartitions(
            col(Columns.DATEHOUR).asc_nulls_first(),
            col(Columns.DOMAIN).asc_nulls_first(),
            col(Columns.COUNTRY).asc_nulls_first());
  }

  /** Counts the rows where {@code condition} is true; 0, never null, when there are none. */
  static Column countWhere(Column condition) {
    return count(when(condition, lit(1)));
  }
}
