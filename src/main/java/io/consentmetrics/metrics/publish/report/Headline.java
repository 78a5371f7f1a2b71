package io.consentmetrics.metrics.publish.report;

import static io.consentmetrics.metrics.publish.report.Html.escape;
import static io.consentmetrics.metrics.publish.report.Html.number;
import static io.consentmetrics.metrics.publish.report.Html.share;

import com.fasterxml.jackson.databind.JsonNode;
import io.consentmetrics.metrics.publish.RunSummary;
import java.util.Locale;

/**
 * The tiles at the top of the page: what a consent analyst looks at first, each with its change
 * since the previous successful run. The consent tiles describe {@code current/} (every hour it
 * holds) and compare with the previous run's {@code current_totals}; the data-quality tiles describe
 * this run's input and compare with the previous run's counts.
 */
final class Headline {
  private Headline() {}

  static void tiles(StringBuilder html, RunSummary.CurrentTotals now, JsonNode summary, JsonNode previous) {
    JsonNode before = previous == null ? null : previous.path("current_totals");
    boolean hasBefore = before != null && before.isObject();
    html.append("<section id=\"headline\">\n<div class=\"tiles\">\n");
    countTile(html, "events", "Events counted", "in current/", now.events(),
        hasBefore ? before.path("events").asLong() : null);
    rateTile(html, "consent-rate", "Consent rate of pageviews", "pageviews with consent / pageviews",
        share(now.pageviewsWithConsent(), now.pageviews()),
        hasBefore ? share(before.path("pageviews_with_consent").asLong(), before.path("pageviews").asLong()) : null,
        hasBefore);
    rateTile(html, "conversion", "Consent conversion", "consents given / consents asked",
        share(now.consentsGiven(), now.consentsAsked()),
        hasBefore ? share(before.path("consents_given").asLong(), before.path("consents_asked").asLong()) : null,
        hasBefore);
    countTile(html, "users", "Users", "distinct per hour, domain and country, summed", now.users(),
        hasBefore ? before.path("users").asLong() : null);
    html.append("</div>\n<div class=\"tiles\">\n");
    boolean hadRun = previous != null;
    rateTile(html, "rejected", "Rejected lines", "of the lines this run read",
        share(summary.path("rejected").asLong(), summary.path("lines_read").asLong()),
        hadRun ? share(previous.path("rejected").asLong(), previous.path("lines_read").asLong()) : null, hadRun);
    rateTile(html, "duplicates", "Duplicates", "of the lines this run read",
        share(summary.path("duplicates").asLong(), summary.path("lines_read").asLong()),
        hadRun ? share(previous.path("duplicates").asLong(), previous.path("lines_read").asLong()) : null, hadRun);
    rateTile(html, "late", "Late events", "of the events this run counted",
        share(summary.path("late_events").asLong(), summary.path("events_counted").asLong()),
        hadRun ? share(previous.path("late_events").asLong(), previous.path("events_counted").asLong()) : null,
        hadRun);
    html.append("</div>\n<p class=\"compared\">")
        .append(escape(previous == null
            ? "No earlier successful run to compare with."
            : "Changes since the previous successful run, " + Html.text(previous, "run_id") + "."))
        .append("</p>\n</section>\n");
  }

  private static void countTile(StringBuilder html, String id, String label, String note, long value, Long before) {
    String change;
    if (before == null) {
      change = "–";
    } else {
      long delta = value - before;
      change = (delta >= 0 ? "+" : "−") + number(Math.abs(delta))
          + (before == 0 ? "" : String.format(Locale.ROOT, " (%+.1f %%)", 100.0 * delta / before));
    }
    tile(html, id, label, note, number(value), change);
  }

  private static void rateTile(
      StringBuilder html, String id, String label, String note, Double value, Double before, boolean compared) {
    String change;
    if (!compared || value == null || before == null) {
      change = "–";
    } else {
      double points = Math.round((value - before) * 1000) / 10.0;
      change = (points >= 0 ? "+" : "−") + String.format(Locale.ROOT, "%.1f", Math.abs(points)) + " pp";
    }
    tile(html, id, label, note, value == null ? "–" : Html.percent(value), change);
  }

  private static void tile(StringBuilder html, String id, String label, String note, String value, String change) {
    html.append("<div class=\"tile\" id=\"tile-").append(id).append("\"><div class=\"label\">").append(escape(label))
        .append("</div><div class=\"value\">").append(escape(value)).append("</div><div class=\"change\">")
        .append(escape(change)).append("</div><div class=\"note\">").append(escape(note)).append("</div></div>\n");
  }
}
