package io.consentmetrics.metrics.publish.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.publish.OutputLayout;
import io.consentmetrics.metrics.publish.RunSummary;
import io.consentmetrics.storage.Storage;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the report of a run: the state of {@code current/} after it. In two steps, so that the
 * page can show the summary's own durations: {@link #prepare} gathers what the page shows (the rows
 * of {@code current/}, the previous run's summary) and is timed as the run's {@code write_report}
 * step; {@link Prepared#write} renders the page with the finished summary and writes it to the
 * run's own folder under {@code report/}, then over {@code report/latest.html}. Each is one atomic
 * write, so a reader (or a failed run) never leaves a half page behind, and {@code latest.html}
 * only changes when a run got this far.
 */
public final class RunReport {
  private RunReport() {}

  /**
   * Gathers the page's data. {@code current} is what {@code current/metrics.csv} was written from
   * (for an incremental run, {@code table/} after the run): one row per group, small enough to
   * collect on the driver. {@code quality} is the run's own data quality per datehour.
   */
  public static Prepared prepare(Storage storage, OutputLayout out, Dataset<Row> current, List<HourQuality> quality) {
    List<ReportPage.Group> groups = current.collectAsList().stream().map(RunReport::group).toList();
    return new Prepared(storage, out, groups, PreviousRun.summary(storage, out).orElse(null), quality);
  }

  /** What the page shows, but the run's summary. */
  public static final class Prepared {
    private final Storage storage;
    private final OutputLayout out;
    private final List<ReportPage.Group> groups;
    private final JsonNode previous;
    private final List<HourQuality> quality;

    private Prepared(Storage storage, OutputLayout out, List<ReportPage.Group> groups, JsonNode previous,
        List<HourQuality> quality) {
      this.storage = storage;
      this.out = out;
      this.groups = groups;
      this.previous = previous;
      this.quality = quality;
    }

    /** The headline numbers of {@code current/}, for the summary (the next run compares with them). */
    public RunSummary.CurrentTotals totals() {
      return ReportData.currentTotals(groups);
    }

    /** Renders the page with the run's finished summary and writes it. */
    public void write(RunSummary summary) {
      String html = ReportPage.build(groups, json(summary), previous, quality, out.rejected(), ChartLibrary.echarts());
      storage.atomic().writeText(out.report(), html);
      storage.atomic().writeText(out.latestReport(), html);
    }
  }

  /** The summary by its published field names, so the page shows what the summary file says. */
  private static JsonNode json(RunSummary summary) {
    try {
      return Html.JSON.readTree(summary.toJson());
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
