package io.consentmetrics.metrics.publish.report;

import static io.consentmetrics.metrics.publish.report.Html.cell;
import static io.consentmetrics.metrics.publish.report.Html.empty;
import static io.consentmetrics.metrics.publish.report.Html.fact;
import static io.consentmetrics.metrics.publish.report.Html.number;
import static io.consentmetrics.metrics.publish.report.Html.percent;
import static io.consentmetrics.metrics.publish.report.Html.plural;
import static io.consentmetrics.metrics.publish.report.Html.seconds;
import static io.consentmetrics.metrics.publish.report.Html.share;
import static io.consentmetrics.metrics.publish.report.Html.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consentmetrics.metrics.publish.report.ReportData.DomainRow;
import io.consentmetrics.metrics.publish.report.ReportData.Totals;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The report as one self-contained HTML page: the charting library, the styles, the script and the
 * data are all inside the file, so it opens offline, mailed or archived, years later. It shows the
 * state of {@code current/} after a run (every hour it holds, whichever run computed it), headline
 * tiles compared with the previous successful run, and the run's own data quality.
 *
 * <p>A pure function of the metrics rows of {@code current/} (one per group: small), the run's
 * summary, the previous run's summary and the run's per-hour quality. Text from
 * the data (domains, countries, paths) reaches the page in exactly two ways, each escaped for its
 * place: HTML-escaped in the server-rendered parts, and as JSON with {@code < > &} and the line
 * separators written as JSON unicode escapes in the chart data, which the script only ever puts into
 * the page as text. A domain like {@code </script><script>…} is therefore shown, never run.
 */
public final class ReportPage {
  private ReportPage() {}

  static final int TOP_COUNTRIES = ReportData.TOP_COUNTRIES;
  /** Domains listed in the table, by pageviews; keeps the page small on real data. */
  static final int MAX_DOMAINS = 1000;

  /** The id of the element holding the chart data, read by the page's script. */
  static final String DATA_ELEMENT_ID = "report-data";

  private static final String STYLE = Html.asset("report.css");
  private static final String SCRIPT = Html.asset("report.js");

  /** One metrics row: one (datehour, domain, country) group; {@code null} is a missing value. */
  public record Group(
      String datehour,
      String domain,
      String country,
      long pageviews,
      long pageviewsWithConsent,
      long consentsAsked,
      long consentsAskedWithConsent,
      long consentsGiven,
      long consentsGivenWithConsent,
      Double avgPageviewsPerUser) {

    /** Distinct pageview users of the group, recovered from its average (exact up to rounding). */
    long users() {
      return avgPageviewsPerUser == null || avgPageviewsPerUser <= 0
          ? 0
          : Math.round(pageviews / avgPageviewsPerUser);
    }
  }

  /** The page of a run with no earlier run to compare with and no per-hour quality. */
  public static String build(List<Group> groups, JsonNode summary, String rejectedPath, ChartLibrary charts) {
    return build(groups, summary, null, List.of(), rejectedPath, charts);
  }

  /**
   * The page. {@code groups} are the rows of {@code current/}; {@code summary} is the run summary's
   * JSON (its fields by their JSON names), {@code previous} the previous successful run's (or null);
   * {@code rejectedPath} is where this run's rejected lines are, as the user named the output.
   */
  public static String build(List<Group> groups, JsonNode summary, JsonNode previous, List<HourQuality> quality,
      String rejectedPath, ChartLibrary charts) {
    Totals totals = Totals.of(groups);
    StringBuilder html = new StringBuilder(charts.script().length() + 64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // No request may leave the page: everything it needs is inline.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<title>Consent metrics: run ").append(escape(text(summary, "run_id"))).append("</title>\n")
        .append("<script>window.onerror = function (message) {\n")
        .append("  document.documentElement.setAttribute('data-script-error', String(message));\n};</script>\n")
        .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    header(html, summary, totals);
    Headline.tiles(html, ReportData.currentTotals(groups), summary, previous);
    overTime(html, totals);
    byCountry(html, totals);
    byDomain(html, groups);
    RunHealth.section(html, summary, quality, rejectedPath);
    footer(html, charts);
    html.append("<script type=\"application/json\" id=\"").append(DATA_ELEMENT_ID).append("\">")
        .append(Html.scriptSafeJson(chartData(groups, quality)))
        .append("</script>\n")
        .append("<script>\n").append(charts.script()).append("\n</script>\n")
        .append("<script>\n").append(SCRIPT).append("</script>\n")
        .append("</body>\n</html>\n");
    return html.toString();
  }

  private static void header(StringBuilder html, JsonNode summary, Totals totals) {
    html.append("<header>\n<h1>Consent metrics</h1>\n<dl class=\"facts\">\n");
    fact(html, "Run", text(summary, "run_id"));
    fact(html, "Input", text(summary, "input"));
    fact(html, "Output", text(summary, "output"));
    fact(html, "Data in current/", totals.hours().isEmpty()
        ? "no hour with events"
        : totals.hours().firstKey() + " to " + totals.hours().lastKey() + " (" + plural(totals.hours().size(), "hour") + ")");
    fact(html, "Events counted by this run", number(summary.path("events_counted").asLong()));
    JsonNode total = summary.path("durations_ms").path("total");
    fact(html, "Duration", total.isMissingNode()
        ? "unknown"
        : seconds(total.asLong()) + " (until this report was prepared)");
    html.append("</dl>\n</header>\n");
  }

  private static void overTime(StringBuilder html, Totals totals) {
    html.append("<section id=\"over-time\">\n<h2>Consent rate over time</h2>\n");
    if (totals.hours().isEmpty()) {
      empty(html, "No events of a known type in this run: nothing to draw per hour.");
    } else {
      html.append("<p>Pageviews per datehour (bars) and the share of them with consent (line, right axis).</p>\n");
      if (totals.pageviews() == 0) {
        empty(html, "No pageviews in this run: the consent share is undefined.");
      }
      html.append("<div class=\"chart\" id=\"chart-pageviews\"></div>\n")
          .append("<p>Consent requests per datehour: consents asked, consents given, and those given with consent.</p>\n")
          .append("<div class=\"chart\" id=\"chart-consents\"></div>\n");
    }
    html.append("</section>\n");
  }

  private static void byCountry(StringBuilder html, Totals totals) {
    html.append("<section id=\"by-country\">\n<h2>By country</h2>\n");
    if (totals.pageviews() == 0) {
      empty(html, "No pageviews in this run: no country to compare.");
    } else {
      html.append("<p>The ").append(TOP_COUNTRIES)
          .append(" countries with the most pageviews (bars) and their share of pageviews with consent")
          .append(" (dots, right axis); all others together as one \"other\" bar.</p>\n")
          .append("<div class=\"chart\" id=\"chart-countries\"></div>\n");
    }
    html.append("</section>\n");
  }

  private static void byDomain(StringBuilder html, List<Group> groups) {
    List<DomainRow> domains = DomainRow.of(groups);
    html.append("<section id=\"by-domain\">\n<h2>By domain</h2>\n");
    if (domains.isEmpty()) {
      empty(html, "No domains: no event of a known type in this run.");
      html.append("</section>\n");
      return;
    }
    html.append("<p>Click a column heading to sort.");
    if (domains.size() > MAX_DOMAINS) {
      html.append(" Showing the ").append(number(MAX_DOMAINS)).append(" domains with the most pageviews of ")
          .append(number(domains.size())).append('.');
    }
    html.append(" Users are counted per datehour and country, as in the metrics.</p>\n")
        .append("<table class=\"sortable\" id=\"domains\">\n<thead><tr>")
        .append("<th data-type=\"text\">Domain</th>")
        .append("<th data-type=\"number\" aria-sort=\"descending\">Pageviews</th>")
        .append("<th data-type=\"number\">Consent share</th>")
        .append("<th data-type=\"number\">Avg pageviews per user</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (DomainRow d : domains.subList(0, Math.min(domains.size(), MAX_DOMAINS))) {
      html.append("<tr><td data-sort=\"").append(escape(Objects.requireNonNullElse(d.domain(), ""))).append("\"")
          .append(d.domain() == null ? " class=\"missing\">(no domain)" : ">" + escape(d.domain()))
          .append("</td>");
      cell(html, d.pageviews(), number(d.pageviews()));
      Double share = share(d.withConsent(), d.pageviews());
      cell(html, share, share == null ? "–" : percent(share));
      Double avg = d.users() == 0 ? null : (double) d.pageviews() / d.users();
      cell(html, avg, avg == null ? "–" : String.format(Locale.ROOT, "%.2f", avg));
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  /** What the charts draw (see {@link ReportData#chartData}). */
  static ObjectNode chartData(List<Group> groups) {
    return ReportData.chartData(groups, List.of());
  }

  private static ObjectNode chartData(List<Group> groups, List<HourQuality> quality) {
    return ReportData.chartData(groups, quality);
  }

  /** Text for HTML element content and double-quoted attribute values (see {@link Html#escape}). */
  static String escape(String text) {
    return Html.escape(text);
  }

  private static void footer(StringBuilder html, ChartLibrary charts) {
    html.append("<footer>\n<p>Charts drawn by ").append(escape(charts.name())).append(' ')
        .append(escape(charts.version())).append(", included in this page under the Apache License 2.0.</p>\n")
        .append("<details><summary>License and notice of ").append(escape(charts.name())).append("</summary>\n<pre>")
        .append(escape(charts.license())).append("</pre></details>\n</footer>\n");
  }

}
