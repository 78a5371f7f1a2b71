package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Flags events delivered in a folder other than the hour they happened in (SPEC rule 7). */
public final class Lateness {
  private Lateness() {}

  private static final long SECONDS_PER_HOUR = 3600;

  /**
   * Adds {@link Columns#IS_LATE}: {@link Columns#EVENT_TIME} is not within the UTC hour of its
   * {@link Columns#DATEHOUR} folder (the session time zone is UTC, see {@code SparkSessions}). An
   * event without a readable time is not late: its hour is unknown.
   *
   * <p>Compared as whole seconds since the folder's hour began (a cast rounds down), because
   * formatting each event's time as a datehour string costs a formatter call per event.
   */
  public static Dataset<Row> flag(Dataset<Row> events) {
    Column secondsIntoHour = col(Columns.EVENT_TIME).cast(DataTypes.LongType).minus(folderStart());
    Column onTime = secondsIntoHour.geq(0).and(secondsIntoHour.lt(SECONDS_PER_HOUR));
    return events.withColumn(
        Columns.IS_LATE, col(Columns.EVENT_TIME).isNotNull().and(onTime.eqNullSafe(false)));
  }

  /** {@code 2021-01-23-10} as the seconds since the epoch of {@code 2021-01-23 10:00:00} UTC. */
  private static Column folderStart() {
    Column datehour = col(Columns.DATEHOUR);
    return concat(substring(datehour, 1, 10), lit(" "), substring(datehour, 12, 2), lit(":00:00"))
        .cast(DataTypes.TimestampType)
        .cast(DataTypes.LongType);
  }
}
