package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** The consent metrics per (datehour, domain, country). */
public final class Metrics {
  private Metrics() {}

  /** Output columns, in the contract's order. */
  public static final String[] OUTPUT_COLUMNS = {
    Columns.DATEHOUR, Columns.DOMAIN, Columns.COUNTRY,
    Columns.PAGEVIEWS, Columns.PAGEVIEWS_WITH_CONSENT,
    Columns.CONSENTS_ASKED, Columns.CONSENTS_ASKED_WITH_CONSENT,
    Columns.CONSENTS_GIVEN, Columns.CONSENTS_GIVEN_WITH_CONSENT,
    Columns.AVG_PAGEVIEWS_PER_USER
  };

  private static final String PAGEVIEW_USERS = "_pageview_users";

  /**
   * One row per group that has at least one event of a known type; events of any other type are
   * left out. A null domain or country is a group of its own. The result is small (one row per
   * group) and is published as one file, so it is gathered into one sorted partition here.
   */
  public static Dataset<Row> perDatehourDomainCountry(Dataset<Row> events) {
    Column pageview = EventTypes.is(EventTypes.PAGEVIEW);
    Column asked = EventTypes.is(EventTypes.CONSENT_ASKED);
    Column given = EventTypes.is(EventTypes.CONSENT_GIVEN);
    Column consent = col(Columns.HAS_CONSENT);
    Column pageviews = col(Columns.PAGEVIEWS);
    Column users = col(PAGEVIEW_USERS);

    return events
        .filter(EventTypes.isKnown())
        .groupBy(col(Columns.DATEHOUR), col(Columns.DOMAIN), col(Columns.COUNTRY))
        .agg(
            countWhere(pageview).as(Columns.PAGEVIEWS),
            countWhere(pageview.and(consent)).as(Columns.PAGEVIEWS_WITH_CONSENT),
            countWhere(asked).as(Columns.CONSENTS_ASKED),
            countWhere(asked.and(consent)).as(Columns.CONSENTS_ASKED_WITH_CONSENT),
            countWhere(given).as(Columns.CONSENTS_GIVEN),
            countWhere(given.and(consent)).as(Columns.CONSENTS_GIVEN_WITH_CONSENT),
            countDistinct(when(pageview, col(Columns.USER_ID))).as(PAGEVIEW_USERS))
        .withColumn(
            Columns.AVG_PAGEVIEWS_PER_USER,
            when(users.gt(0), pageviews.cast("double").divide(users)))
        .select(Arrays.stream(OUTPUT_COLUMNS).map(functions::col).toArray(Column[]::new))
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
