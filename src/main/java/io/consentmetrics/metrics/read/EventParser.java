package io.consentmetrics.metrics.read;

import io.consentmetrics.config.HourRange;
import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.rules.Consent;
import io.consentmetrics.metrics.rules.RejectReason;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

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
          .add(Columns.FOLDER_START, DataTypes.TimestampType, false)
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
          .add(Columns.LINE_NUMBER, DataTypes.LongType)
          .add(Columns.LINE, DataTypes.StringType);

  /** Each {@link Consent.TokenStatus} name as Spark text, made once rather than for every line. */
  private static final UTF8String[] TOKEN_STATUSES =
      Arrays.stream(Consent.TokenStatus.values()).map(s -> UTF8String.fromString(s.name())).toArray(UTF8String[]::new);

  private static final EventLine TOO_LONG = EventLine.rejected(RejectReason.LINE_TOO_LONG);

  /**
   * The parser of the job's reader: one line, {@code length} UTF-8 bytes at the start of {@code line}
   * (a buffer the reader reuses), of {@code file} in the folder of {@code datehour}, to a {@link
   * #PARSED_SCHEMA} row in Spark's own format, counted in {@code counts} (unless null). Bytes are
   * parsed as UTF-8 by the JSON parser, so a line that is not valid UTF-8 is malformed rather than
   * quietly repaired; only a rejected line is copied out of the buffer.
   */
  static InputLines.LineParser lineParser(LineCounts counts) {
    Folder folder = new Folder();
    return (line, length, file, datehour, lineNumber, tooLong) -> {
      EventLine e = tooLong ? TOO_LONG : EventLine.parse(line, 0, length);
      if (counts != null) {
        counts.add(e.isRejected() ? e.rejectReason() : null, datehour);
      }
      return toRow(folder.of(datehour), file, lineNumber, e, line, length);
    };
  }

  private static InternalRow toRow(Folder folder, String file, long lineNumber, EventLine e, byte[] line, int length) {
    if (e.isRejected()) {
      return new GenericInternalRow(new Object[] {
        folder.datehour, folder.start, null, null, false, null, null, null, null, null,
        UTF8String.fromString(e.rejectReason().label()), UTF8String.fromString(file),
        lineNumber > 0 ? (Object) lineNumber : null,
        UTF8String.fromBytes(Arrays.copyOf(line, length))});
    }
    return new GenericInternalRow(new Object[] {
      folder.datehour,
      folder.start, // a timestamp is its microseconds since the epoch
      UTF8String.fromString(e.id()),
      e.eventTimeMicros(),
      e.hasInvalidDatetime(),
      UTF8String.fromString(e.type()),
      UTF8String.fromString(e.domain()),
      UTF8String.fromString(e.country()),
      UTF8String.fromString(e.userId()),
      TOKEN_STATUSES[e.tokenStatus().ordinal()],
      null,
      null,
      null,
      null});
  }

  /**
   * The folder of the lines being parsed: its datehour as Spark text and the start of its hour,
   * worked out once per folder, since a reader's lines come file by file. Spark would otherwise parse
   * the datehour text of every row again to compare times with it.
   */
  private static final class Folder implements Serializable {
    private static final long serialVersionUID = 1L;
    private transient String name;
    private transient UTF8String datehour;
    private transient long start;

    Folder of(String folder) {
      if (!folder.equals(name)) {
        start = HourRange.parse("folder", folder).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
        datehour = UTF8String.fromString(folder);
        name = folder;
      }
      return this;
    }
  }
}
