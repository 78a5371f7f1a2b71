package io.consentmetrics.jobs.metrics;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Turns raw lines into narrow event rows, each line parsed once ({@link EventLine}). */
public final class EventParser {
  private EventParser() {}

  /**
   * What every later step works on. The raw {@link Columns#LINE} and its {@link
   * Columns#SOURCE_FILE} are kept for rejected lines only, so accepted events cross the
   * deduplication shuffle as a few short strings.
   */
  public static final StructType PARSED_SCHEMA =
      new StructType()
          .add(Columns.DATEHOUR, DataTypes.StringType)
          .add(Columns.ID, DataTypes.StringType)
          .add(Columns.EVENT_TIME, DataTypes.TimestampType)
          .add(Columns.HAS_INVALID_DATETIME, DataTypes.BooleanType, false)
          .add(Columns.TYPE, DataTypes.StringType)
          .add(Columns.DOMAIN, DataTypes.StringType)
          .add(Columns.COUNTRY, DataTypes.StringType)
          .add(Columns.USER_ID, DataTypes.StringType)
          .add(Columns.TOKEN_STATUS, DataTypes.StringType)
          .add(Columns.REJECT_REASON, DataTypes.StringType)
          .add(Columns.SOURCE_FILE, DataTypes.StringType)
          .add(Columns.LINE, DataTypes.StringType);

  /**
   * Lines ({@link Columns#LINE} as bytes or text, {@link Columns#SOURCE_FILE}, {@link Columns#DATEHOUR}) to {@link
   * #PARSED_SCHEMA}. Bytes are parsed as UTF-8 by the JSON parser, so a line that is not valid UTF-8
   * is malformed rather than quietly repaired.
   */
  public static Dataset<Row> parse(Dataset<Row> lines) {
    int line = lines.schema().fieldIndex(Columns.LINE);
    int file = lines.schema().fieldIndex(Columns.SOURCE_FILE);
    int datehour = lines.schema().fieldIndex(Columns.DATEHOUR);
    boolean bytes = lines.schema().fields()[line].dataType().equals(DataTypes.BinaryType);
    return lines.mapPartitions(
        (MapPartitionsFunction<Row, Row>) rows -> parsed(rows, line, bytes, file, datehour),
        RowEncoder.apply(PARSED_SCHEMA));
  }

  private static Iterator<Row> parsed(Iterator<Row> rows, int line, boolean bytes, int file, int datehour) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row raw = rows.next();
        if (bytes) {
          byte[] text = raw.getAs(line);
          return toRow(raw.getString(datehour), raw.getString(file), EventLine.parse(text), () -> new String(text, StandardCharsets.UTF_8));
        }
        String text = raw.getString(line);
        return toRow(raw.getString(datehour), raw.getString(file), EventLine.parse(text), () -> text);
      }
    };
  }

  private static Row toRow(String datehour, String file, EventLine e, Supplier<String> line) {
    if (e.isRejected()) {
      return RowFactory.create(datehour, null, null, false, null, null, null, null, null,
          e.rejectReason().label(), file, line.get());
    }
    return RowFactory.create(
        datehour,
        e.id(),
        e.eventTimeMicros() == null ? null : timestamp(e.eventTimeMicros()),
        e.hasInvalidDatetime(),
        e.type(),
        e.domain(),
        e.country(),
        e.userId(),
        e.tokenStatus().name(),
        null,
        null,
        null);
  }

  private static Timestamp timestamp(long micros) {
    Timestamp t = new Timestamp(Math.floorDiv(micros, 1000L));
    t.setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000);
    return t;
  }
}
