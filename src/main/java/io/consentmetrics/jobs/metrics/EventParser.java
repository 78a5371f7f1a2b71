package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Parses each raw line alone into the event's fields, with an explicit schema (no inference pass). */
public final class EventParser {
  private EventParser() {}

  static final StructType USER_SCHEMA =
      new StructType()
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.COUNTRY, DataTypes.StringType)
          .add(Columns.TOKEN, DataTypes.StringType);

  /** The event as the contract describes it: one parse gives every field. */
  static final StructType EVENT_SCHEMA =
      new StructType()
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.DATETIME, DataTypes.StringType)
          .add(Columns.TYPE, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType)
          .add(Columns.USER, USER_SCHEMA)
          .add(Columns.CORRUPT_RECORD, DataTypes.StringType);

  /**
   * Every field as a string: Spark's parser then accepts any JSON value in them (a non-string is
   * kept as its JSON text), so a line fails only when it is not JSON at all. Used for the lines the
   * event schema fails on, to tell a well-formed line whose {@code user} has an odd shape (kept,
   * without user fields) from broken JSON (rejected).
   */
  static final StructType LENIENT_SCHEMA =
      new StructType()
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.DATETIME, DataTypes.StringType)
          .add(Columns.TYPE, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType)
          .add(Columns.USER, DataTypes.StringType)
          .add(Columns.CORRUPT_RECORD, DataTypes.StringType);

  private static final String EVENT = "_event";
  private static final String LENIENT = "_lenient";
  private static final String FITS = "_fits";
  /** True when the line is not one JSON object. */
  public static final String MALFORMED = "_malformed";

  /**
   * Adds {@link Columns#ID}, {@link Columns#DATETIME}, {@link Columns#TYPE}, {@link Columns#DOMAIN},
   * {@link Columns#USER_ID}, {@link Columns#COUNTRY}, {@link Columns#TOKEN} and {@link #MALFORMED}
   * to a dataset of raw lines. Each line is parsed once; only a line that does not fit the event
   * schema is parsed a second time, leniently (a CASE branch, so it costs nothing otherwise).
   */
  public static Dataset<Row> parse(Dataset<Row> lines) {
    Column fits = col(EVENT).isNotNull().and(col(EVENT + "." + Columns.CORRUPT_RECORD).isNull());
    return lines
        .withColumn(EVENT, from_json(col(Columns.LINE), EVENT_SCHEMA, Map.of()))
        .withColumn(FITS, fits)
        .withColumn(LENIENT, when(not(col(FITS)), from_json(col(Columns.LINE), LENIENT_SCHEMA, Map.of())))
        .withColumn(Columns.ID, topLevel(Columns.ID))
        .withColumn(Columns.DATETIME, topLevel(Columns.DATETIME))
        .withColumn(Columns.TYPE, topLevel(Columns.TYPE))
        .withColumn(Columns.DOMAIN, topLevel(Columns.DOMAIN))
        .withColumn(Columns.USER_ID, col(EVENT + "." + Columns.USER + "." + Columns.ID))
        .withColumn(Columns.COUNTRY, col(EVENT + "." + Columns.USER + "." + Columns.COUNTRY))
        .withColumn(Columns.TOKEN, col(EVENT + "." + Columns.USER + "." + Columns.TOKEN))
        .withColumn(MALFORMED, isMalformed())
        .drop(EVENT, LENIENT, FITS);
  }

  private static Column topLevel(String field) {
    return when(col(FITS), col(EVENT + "." + field)).otherwise(col(LENIENT + "." + field));
  }

  /**
   * Spark's parser yields a null row for an empty line, fills the corrupt-record field for invalid
   * JSON, but quietly accepts a bare {@code null} and ignores text after the closing brace; the
   * brace check catches those.
   */
  private static Column isMalformed() {
    Column trimmed = trim(col(Columns.LINE));
    Column notJson = col(LENIENT).isNull().or(col(LENIENT + "." + Columns.CORRUPT_RECORD).isNotNull());
    return when(col(FITS), lit(false)).otherwise(notJson)
        .or(trimmed.startsWith("{").and(trimmed.endsWith("}")).equalTo(false));
  }
}
