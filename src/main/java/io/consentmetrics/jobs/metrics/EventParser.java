package io.consentmetrics.jobs.metrics;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapFunction;
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
   * #PARSED_SCHEMA}, as {@link #row} parses each line when the job reads its files ({@link
   * EventInput#read}): for lines that are already in a Dataset, such as a test's.
   */
  public static Dataset<Row> parse(Dataset<Row> lines) {
    int line = lines.schema().fieldIndex(Columns.LINE);
    int file = lines.schema().fieldIndex(Columns.SOURCE_FILE);
    int datehour = lines.schema().fieldIndex(Columns.DATEHOUR);
    boolean bytes = lines.schema().fields()[line].dataType().equals(DataTypes.BinaryType);
    return lines.map(
        (MapFunction<Row, Row>) raw -> {
          byte[] text = bytes ? raw.getAs(line) : raw.getString(line).getBytes(StandardCharsets.UTF_8);
          return row(text, text.length, raw.getString(file), raw.getString(datehour));
        },
        RowEncoder.apply(PARSED_SCHEMA));
  }

  /**
   * One line, {@code length} UTF-8 bytes at the start of {@code line} (a buffer the reader reuses),
   * of {@code file} in the folder of {@code datehour}, to a {@link #PARSED_SCHEMA} row. Bytes are
   * parsed as UTF-8 by the JSON parser, so a line that is not valid UTF-8 is malformed rather than
   * quietly repaired; only a rejected line is copied out of the buffer.
   */
  static Row row(byte[] line, int length, String file, String datehour) {
    return toRow(datehour, file, EventLine.parse(line, 0, length),
        () -> new String(line, 0, length, StandardCharsets.UTF_8));
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
