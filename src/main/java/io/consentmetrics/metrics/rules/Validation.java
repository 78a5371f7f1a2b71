package io.consentmetrics.metrics.rules;

import static org.apache.spark.sql.functions.col;

import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.read.EventLine;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Splits parsed lines into the accepted events and the rejected lines (SPEC rules 1 and 2). The
 * reason itself is found while parsing ({@link EventLine}), where the JSON types are still known.
 */
public final class Validation {
  private Validation() {}

  /** The accepted events, without the columns only rejected lines use. */
  public static Dataset<Row> dropRejected(Dataset<Row> parsed) {
    return parsed
        .filter(col(Columns.REJECT_REASON).isNull())
        .drop(Columns.REJECT_REASON, Columns.LINE, Columns.SOURCE_FILE, Columns.LINE_NUMBER);
  }

  /**
   * The rejected lines as they were read, with where they came from (file and line number, when the
   * reader knew it) and why they were rejected.
   */
  public static Dataset<Row> rejectedOnly(Dataset<Row> parsed) {
    return parsed
        .filter(col(Columns.REJECT_REASON).isNotNull())
        .select(Columns.DATEHOUR, Columns.SOURCE_FILE, Columns.LINE_NUMBER, Columns.REJECT_REASON, Columns.LINE);
  }
}
