package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.trim;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Parses each raw line alone into the event's fields, with an explicit schema (no inference pass). */
public final class EventParser {
  private EventParser() {}

  /**
   * Top-level fields are all read as strings. Spark's parser then accepts any JSON value in them
   * (it keeps a non-string as its JSON text), so a line fails to parse only when it is not JSON at
   * all; a well-formed line whose {@code user} has an odd shape is not rejected but has no user
   * fields. {@code user} is parsed in a second step for that reason.
   */
  static final StructType LINE_SCHEMA =
      new StructType()
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.DATETIME, DataTypes.StringType)
          .add(Columns.TYPE, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType)
          .add(Columns.USER, DataTypes.StringType)
          .add(Columns.CORRUPT_RECORD, DataTypes.StringType);

  static final StructType USER_SCHEMA =
      new StructType()
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.COUNTRY, DataTypes.StringType)
          .add(Columns.TOKEN, DataTypes.StringType);

  private static final String PARSED = "_parsed";
  private static final String PARSED_USER = "_parsed_user";
  /** True when the line is not one JSON object. */
  public static final String MALFORMED = "_malformed";

  /**
   * Adds {@link Columns#ID}, {@link Columns#DATETIME}, {@link Columns#TYPE}, {@link Columns#DOMAIN},
   * {@link Columns#USER_ID}, {@link Columns#COUNTRY}, {@link Columns#TOKEN} and {@link #MALFORMED}
   * to a dataset of raw lines.
   */
  public static Dataset<Row> parse(Dataset<Row> lines) {
    return lines
        .withColumn(PARSED, from_json(col(Columns.LINE), LINE_SCHEMA, Map.of()))
        .withColumn(PARSED_USER, from_json(col(PARSED + "." + Columns.USER), USER_SCHEMA, Map.of()))
        .withColumn(Columns.ID, col(PARSED + "." + Columns.ID))
        .withColumn(Columns.DATETIME, col(PARSED + "." + Columns.DATETIME))
        .withColumn(Columns.TYPE, col(PARSED + "." + Columns.TYPE))
        .withColumn(Columns.DOMAIN, col(PARSED + "." + Columns.DOMAIN))
        .withColumn(Columns.USER_ID, col(PARSED_USER + "." + Columns.ID))
        .withColumn(Columns.COUNTRY, col(PARSED_USER + "." + Columns.COUNTRY))
        .withColumn(Columns.TOKEN, col(PARSED_USER + "." + Columns.TOKEN))
        .withColumn(MALFORMED, isMalformed())
        .drop(PARSED, PARSED_USER);
  }

  /**
   * Spark's parser yields a null row for an empty line, fills the corrupt-record field for invalid
   * JSON, but quietly accepts a bare {@code null} and ignores text after the closing brace; the
   * brace check catches those.
   */
  private static Column isMalformed() {
    Column trimmed = trim(col(Columns.LINE));
    return col(PARSED).isNull()
        .or(col(PARSED + "." + Columns.CORRUPT_RECORD).isNotNull())
        .or(trimmed.startsWith("{").and(trimmed.endsWith("}")).equalTo(false));
  }
}
