package io.consentmetrics.metrics.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.when;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.JobFailure;
import io.consentmetrics.metrics.rules.Metrics;
import io.consentmetrics.spark.Literals;
import io.consentmetrics.spark.SqlExpressions;
import io.consentmetrics.storage.Storage;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The published CSV: RFC 4180, one file, header first, rows sorted by the dimensions (nulls first).
 *
 * <p>A text value is written verbatim (never trimmed). It is quoted, with its quotes doubled, when it
 * holds a comma, a quote, CR or LF, starts or ends with whitespace, or is empty: so an empty
 * string is {@code ""} and a missing value an empty cell, two different groups when read back.
 *
 * <p>Why not Spark's CSV writer: in Spark 3.2 it hands a null to its CSV library as the string
 * {@code nullValue}, so a null and an empty string always come out the same; and its defaults
 * escape quotes with a backslash and trim whitespace. Each field is formatted here with Spark SQL
 * expressions instead, and the lines are written by Spark's text writer.
 */
public final class MetricsCsv {
  /** Folder-relative file suffix of the written file (Spark's text writer names it part-*.txt). */
  public static final String FILE_SUFFIX = ".txt";

  private static final String LINE = "csv_line";
  private static final String IS_HEADER = "is_header";

  private MetricsCsv() {}

  /** Writes {@code metrics} as one CSV file (with a {@link #FILE_SUFFIX} name) in the new folder {@code dir}. */
  public static void write(Dataset<Row> metrics, String dir) {
    Dataset<Row> ordered = metrics.select(Arrays.stream(Metrics.OUTPUT_COLUMNS).map(c -> col(c)).toArray(Column[]::new));
    Column[] fields = Arrays.stream(ordered.schema().fields()).map(MetricsCsv::field).toArray(Column[]::new);
    Dataset<Row> rows = ordered.select(
        concat_ws(",", fields).as(LINE), Literals.of(false).as(IS_HEADER),
        col(Columns.DATEHOUR), col(Columns.DOMAIN), col(Columns.COUNTRY));
    Row headerRow = RowFactory.create(String.join(",", Metrics.OUTPUT_COLUMNS), true, null, null, null);
    Dataset<Row> header = rows.sparkSession().createDataFrame(List.of(headerRow), rows.schema());
    header
        .unionByName(rows)
        .coalesce(1)
        .sortWithinPartitions(headerFirstThen(Metrics.outputOrder()))
        .select(LINE)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .option("lineSep", "\n")
        .text(dir);
  }

  /**
   * Moves the one CSV file {@link #write} left in {@code stagedDir} over {@code target} in one step
   * ({@link Storage#replace}: readers, and a kill at any point, find the old file or the new one,
   * whole) and returns its SHA-256. The {@link HaltPoints} around the move let a test kill it there.
   */
  public static String publish(Storage storage, String stagedDir, String target) {
    List<String> parts = storage.listing().endingWith(stagedDir, FILE_SUFFIX);
    if (parts.size() != 1) {
      throw new JobFailure("expected one CSV file in " + stagedDir + ", found " + parts.size());
    }
    String sha256 = storage.sha256(parts.get(0));
    HaltPoints.reached(HaltPoints.CSV_STAGED);
    storage.atomic().replace(parts.get(0), target);
    HaltPoints.reached(HaltPoints.CSV_RENAMED);
    return sha256;
  }

  private static Column[] headerFirstThen(Column[] order) {
    Column[] sort = new Column[order.length + 1];
    sort[0] = col(IS_HEADER).desc();
    System.arraycopy(order, 0, sort, 1, order.length);
    return sort;
  }

  /** One CSV field: numbers as Spark prints them, text quoted when RFC 4180 needs it, null as nothing. */
  static Column field(StructField column) {
    Column value = col(column.name());
    if (!column.dataType().equals(DataTypes.StringType)) {
      return when(value.isNull(), Literals.of("")).otherwise(value.cast(DataTypes.StringType));
    }
    Column quote = Literals.of("\"");
    Column quoted = concat(quote, regexp_replace(value, quote, Literals.of("\"\"")), quote);
    Column needsQuotes = value.equalTo(Literals.of("")).or(SqlExpressions.rlike(value, "[,\"\r\n]|^\\s|\\s$"));
    return when(value.isNull(), Literals.of("")).when(needsQuotes, quoted).otherwise(value);
  }
}
