package io.consentmetrics.metrics.publish.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.publish.OutputLayout;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.storage.Storage;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a run's HTML report: to the run's own folder under {@code report/}, then over
 * {@code report/latest.html}. Each is one atomic write, so a reader (or a failed run) never leaves
 * a half page behind, and {@code latest.html} only changes when a run got this far.
 */
public final class RunReport {
  private RunReport() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code metrics} is one row per group: small enough to collect on the driver. */
  public static void write(Storage storage, OutputLayout out, Dataset<Row> metrics, RunSummary summary) {
    List<ReportPage.Group> groups = metrics.collectAsList().stream().map(RunReport::group).toList();
    String html = ReportPage.build(groups, json(summary), out.rejected(), ChartLibrary.echarts());
    storage.atomic().writeText(out.report(), html);
    storage.atomic().writeText(out.latestReport(), html);
  }

  /** The summary by its published field names, so the page shows what the summary file says. */
  private static JsonNode json(RunSummary summary) {
    try {
      return JSON.readTree(summary.toJson());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ReportPage.Group group(Row row) {
    int avg = row.fieldIndex(Columns.AVG_PAGEVIEWS_PER_USER);
    return new ReportPage.Group(
        row.getAs(Columns.DATEHOUR),
        row.getAs(Columns.DOMAIN),
        row.getAs(Columns.COUNTRY),
        row.<Long>getAs(Columns.PAGEVIEWS),
        row.<Long>getAs(Columns.PAGEVIEWS_WITH_CONSENT),
        row.<Long>getAs(Columns.CONSENTS_ASKED),
        row.<Long>getAs(Columns.CONSENTS_ASKED_WITH_CONSENT),
        row.<Long>getAs(Columns.CONSENTS_GIVEN),
        row.<Long>getAs(Columns.CONSENTS_GIVEN_WITH_CONSENT),
        row.isNullAt(avg) ? null : row.getDouble(avg));
  }
}
