package io.consentmetrics.metrics.read;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.spark.InternalRows;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A test's lines ({@link Columns#LINE} as bytes or text, {@link Columns#SOURCE_FILE}, {@link
 * Columns#DATEHOUR}) parsed into {@link EventParser#PARSED_SCHEMA} rows by the job's own line parser,
 * as {@link EventInput#read} parses the lines of files.
 */
public final class ParsedLines {
  private ParsedLines() {}

  public static Dataset<Row> parse(Dataset<Row> lines) {
    return parse(lines, EventParser.lineParser(null));
  }

  /** The same, counting the lines in {@code counts} as the job's reader does. */
  public static Dataset<Row> parse(Dataset<Row> lines, LineCounts counts) {
    return parse(lines, EventParser.lineParser(counts));
  }

  private static Dataset<Row> parse(Dataset<Row> lines, InputLines.LineParser parser) {
    StructType schema = lines.schema();
    int line = schema.fieldIndex(Columns.LINE);
    int file = schema.fieldIndex(Columns.SOURCE_FILE);
    int datehour = schema.fieldIndex(Columns.DATEHOUR);
    boolean bytes = schema.fields()[line].dataType().equals(DataTypes.BinaryType);
    JavaRDD<InternalRow> parsed = InternalRows.of(lines).toJavaRDD().map(raw -> {
      byte[] text = bytes ? raw.getBinary(line) : raw.getUTF8String(line).getBytes();
      return parser.row(text, text.length, raw.getUTF8String(file).toString(), raw.getUTF8String(datehour).toString(), 0, false);
    });
    return InternalRows.dataset(lines.sparkSession(), parsed.rdd(), EventParser.PARSED_SCHEMA);
  }
}
