package io.consentmetrics.metrics.rules;

import static org.apache.spark.sql.functions.col;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.spark.Literals;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Flags events delivered in a folder other than the hour they happened in (SPEC rule 7). */
public final class Lateness {
  private Lateness() {}

  private static final long SECONDS_PER_HOUR = 3600;

  /**
   * Adds {@link Columns#IS_LATE}: {@link Columns#EVENT_TIME} is not within the hour that begins at
   * {@link Columns#FOLDER_START}, the start of its {@link Columns#DATEHOUR} folder's UTC hour, and
   * drops the folder start. An event without a readable time is not late: its hour is unknown.
   *
   * <p>Compared as whole seconds since the folder's hour began (a cast rounds down): formatting each
   * event's time as a datehour costs a formatter call per event.
   */
  public static Dataset<Row> flag(Dataset<Row> events) {
    Column secondsIntoHour =
        col(Columns.EVENT_TIME).cast(DataTypes.LongType).minus(col(Columns.FOLDER_START).cast(DataTypes.LongType));
    Column onTime = secondsIntoHour.geq(Literals.of(0L)).and(secondsIntoHour.lt(Literals.of(SECONDS_PER_HOUR)));
    return events
        .withColumn(Columns.IS_LATE, col(Columns.EVENT_TIME).isNotNull().and(onTime.eqNullSafe(Literals.of(false))))
        .drop(Columns.FOLDER_START);
  }
}
