package io.consentmetrics.metrics.publish.report;

import static io.consentmetrics.metrics.publish.report.Html.empty;
import static io.consentmetrics.metrics.publish.report.Html.escape;
import static io.consentmetrics.metrics.publish.report.Html.number;
import static io.consentmetrics.metrics.publish.report.Html.row;
import static io.consentmetrics.metrics.publish.report.Html.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The run's data quality and health: per hour (a chart), its counts, its rejected lines by reason in
 * words, and its step durations, exactly as the summary file has them (the same total).
 */
final class RunHealth {
  private RunHealth() {}

  /** Counters of the run summary, in this order, with their labels. */
  private static final Map<String, String> COUNTERS = new LinkedHashMap<>();
  /** Each reject reason in words; the key is shown beside it, as rejected/ and the summary name it. */
  private static final Map<String, String> REASONS = new LinkedHashMap<>();
  /** Each step of the summary's durations in words. */
  private static final Map<String, String> STEPS = new LinkedHashMap<>();

  static {
    COUNTERS.put("input_files", "Input files");
    COUNTERS.put("lines_read", "Lines read");
    COUNTERS.put("rejected", "Rejected lines");
    COUNTERS.put("duplicates", "Duplicates removed");
    COUNTERS.put("unknown_type", "Events of an unknown type (not counted)");
    COUNTERS.put("invalid_token", "Invalid consent tokens (counted as no consent)");
    COUNTERS.put("invalid_datetime", "Invalid datetimes (still counted)");
    COUNTERS.put("late_events", "Late events (datetime outside their datehour folder)");
    COUNTERS.put("events_counted", "Events counted");
    COUNTERS.put("groups_written", "Groups written");
    REASONS.put("malformed_json", "not one JSON object");
    REASONS.put("missing_id", "no event id");
    REASONS.put("invalid_id", "an event id that is not a text");
    REASONS.put("line_too_long", "a line longer than max-line-bytes");
    STEPS.put("list_input", "Listing the input");
    STEPS.put("compute", "Reading and computing");
    STEPS.put("write_rejected", "Writing rejected/");
    STEPS.put("write_hist", "Writing hist/");
    STEPS.put("write_table", "Writing table/");
    STEPS.put("publish_current", "Publishing current/");
    STEPS.put("write_report", "Preparing this report");
    STEPS.put("total", "Total");
  }

  static void section(StringBuilder html, JsonNode summary, List<HourQuality> quality, String rejectedPath) {
    html.append("<section id=\"health\">\n<h2>Data quality of this run</h2>\n");
    if (quality.isEmpty()) {
      empty(html, "No per-hour counts for this run.");
    } else {
      html.append("<p>Per datehour folder read by this run: the share of its lines rejected, the share of its lines")
          .append(" that were duplicates, and the share of its counted events that were late.</p>\n")
          .append("<div class=\"chart\" id=\"chart-quality\"></div>\n");
    }
    html.append("<div class=\"columns\">\n<div>\n<h3>Counts</h3>\n<table class=\"numbers\"><tbody>\n");
    COUNTERS.forEach((field, label) -> {
      if (summary.has(field)) {
        row(html, label, number(summary.get(field).asLong()));
      }
    });
    html.append("</tbody></table>\n</div>\n<div>\n<h3>Rejected lines by reason</h3>\n");
    numbers(html, summary.path("rejected_by_reason"), "No reasons reported.",
        r -> row(html, reason(r.getKey()), number(r.getValue().asLong())));
    html.append("<p>This run's rejected lines, with their file, line number and reason: <code class=\"path\">")
        .append(escape(rejectedPath)).append("</code></p>\n</div>\n<div>\n<h3>Step durations</h3>\n");
    if (numbers(html, summary.path("durations_ms"), "No durations reported.",
        d -> row(html, step(d.getKey()), seconds(d.getValue().asLong())))) {
      html.append("<p class=\"note\">As in the run summary; the total ends when this report")
          .append(" was prepared, before its page was written.</p>\n");
    }
    html.append("</div>\n</div>\n</section>\n");
  }

  /** E.g. "not one JSON object (malformed_json)"; an unknown key as itself. */
  static String reason(String key) {
    String words = REASONS.get(key);
    return words == null ? key : words + " (" + key + ")";
  }

  private static String step(String key) {
    String words = STEPS.get(key);
    return words == null ? key : words + " (" + key + ")";
  }

  /** A table of {@code rows}' fields, one {@code row} each, or {@code none} when there are none; whether any. */
  private static boolean numbers(
      StringBuilder html, JsonNode rows, String none, Consumer<Map.Entry<String, JsonNode>> row) {
    if (!rows.fields().hasNext()) {
      empty(html, none);
      return false;
    }
    html.append("<table class=\"numbers\"><tbody>\n");
    rows.fields().forEachRemaining(row);
    html.append("</tbody></table>\n");
    return true;
  }
}
