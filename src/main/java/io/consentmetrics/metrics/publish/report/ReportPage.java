package io.consentmetrics.metrics.publish.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consentmetrics.metrics.rules.Consent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One run's report as one self-contained HTML page: the charting library, the styles, the script
 * and the data are all inside the file, so it opens offline, mailed or archived, years later.
 *
 * <p>A pure function of the run's metrics rows (one per group: small) and its summary. Text from
 * the data (domains, countries, paths) reaches the page in exactly two ways, each escaped for its
 * place: HTML-escaped in the server-rendered parts, and as JSON with {@code < > &} and the line
 * separators written as JSON unicode escapes in the chart data, which the script only ever puts into
 * the page as text. A domain like {@code </script><script>…} is therefore shown, never run.
 */
public final class ReportPage {
  private ReportPage() {}

  /** Countries drawn one by one; the rest are summed into one "other" bar. */
  static final int TOP_COUNTRIES = 15;
  /** Domains listed in the table, by pageviews; keeps the page small on real data. */
  static final int MAX_DOMAINS = 1000;

  /** The id of the element holding the chart data, read by the page's script. */
  static final String DATA_ELEMENT_ID = "report-data";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STYLE = asset("report.css");
  private static final String SCRIPT = asset("report.js");

  /** Counters of the run summary shown under "Run health", in this order, with their labels. */
  private static final Map<String, String> HEALTH_COUNTERS = new LinkedHashMap<>();

  static {
    HEALTH_COUNTERS.put("input_files", "Input files");
    HEALTH_COUNTERS.put("lines_read", "Lines read");
    HEALTH_COUNTERS.put("rejected", "Rejected lines");
    HEALTH_COUNTERS.put("duplicates", "Duplicates removed");
    HEALTH_COUNTERS.put("unknown_type", "Events of an unknown type (not counted)");
    HEALTH_COUNTERS.put("invalid_token", "Invalid consent tokens (counted as no consent)");
    HEALTH_COUNTERS.put("invalid_datetime", "Invalid datetimes (still counted)");
    HEALTH_COUNTERS.put("late_events", "Late events (datetime outside their datehour folder)");
    HEALTH_COUNTERS.put("events_counted", "Events counted");
    HEALTH_COUNTERS.put("groups_written", "Groups written");
  }

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

  /**
   * The page. {@code summary} is the run summary's JSON (its fields by their JSON names);
   * {@code rejectedPath} is where this run's rejected lines are.
   */
  public static String build(List<Group> groups, JsonNode summary, String rejectedPath, ChartLibrary charts) {
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
    overTime(html, totals);
    byCountry(html, totals);
    byDomain(html, groups);
    health(html, summary, rejectedPath);
    footer(html, charts);
    html.append("<script type=\"application/json\" id=\"").append(DATA_ELEMENT_ID).append("\">")
        .append(scriptSafeJson(chartData(groups)))
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
    fact(html, "Data", totals.hours.isEmpty()
        ? "no hour with events"
        : totals.hours.firstKey() + " to " + totals.hours.lastKey() + " (" + plural(totals.hours.size(), "hour") + ")");
    fact(html, "Events counted", number(summary.path("events_counted").asLong()));
    JsonNode total = summary.path("durations_ms").path("total");
    fact(html, "Duration", total.isMissingNode()
        ? "unknown"
        : seconds(total.asLong()) + " (until current/ was published)");
    html.append("</dl>\n</header>\n");
  }

  private static void overTime(StringBuilder html, Totals totals) {
    html.append("<section id=\"over-time\">\n<h2>Consent rate over time</h2>\n");
    if (totals.hours.isEmpty()) {
      empty(html, "No events of a known type in this run: nothing to draw per hour.");
    } else {
      html.append("<p>Pageviews per datehour (bars) and the share of them with consent (line, right axis).</p>\n");
      if (totals.pageviews == 0) {
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
    if (totals.pageviews == 0) {
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
      html.append("<tr><td data-sort=\"").append(escape(Objects.requireNonNullElse(d.domain, ""))).append("\"")
          .append(d.domain == null ? " class=\"missing\">(no domain)" : ">" + escape(d.domain))
          .append("</td>");
      cell(html, d.pageviews, number(d.pageviews));
      Double share = share(d.withConsent, d.pageviews);
      cell(html, share, share == null ? "–" : percent(share));
      Double avg = d.users == 0 ? null : (double) d.pageviews / d.users;
      cell(html, avg, avg == null ? "–" : String.format(Locale.ROOT, "%.2f", avg));
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  private static void health(StringBuilder html, JsonNode summary, String rejectedPath) {
    html.append("<section id=\"health\">\n<h2>Run health</h2>\n<div class=\"columns\">\n<div>\n<h3>Counts</h3>\n")
        .append("<table class=\"numbers\"><tbody>\n");
    HEALTH_COUNTERS.forEach((field, label) -> {
      if (summary.has(field)) {
        row(html, label, number(summary.get(field).asLong()));
      }
    });
    html.append("</tbody></table>\n</div>\n<div>\n<h3>Rejected lines by reason</h3>\n");
    JsonNode reasons = summary.path("rejected_by_reason");
    if (!reasons.fields().hasNext()) {
      empty(html, "No reasons reported.");
    } else {
      html.append("<table class=\"numbers\"><tbody>\n");
      reasons.fields().forEachRemaining(r -> row(html, r.getKey(), number(r.getValue().asLong())));
      html.append("</tbody></table>\n");
    }
    html.append("<p>This run's rejected lines, with their reason: <code class=\"path\">")
        .append(escape(rejectedPath)).append("</code></p>\n</div>\n<div>\n<h3>Step durations</h3>\n");
    JsonNode durations = summary.path("durations_ms");
    if (!durations.fields().hasNext()) {
      empty(html, "No durations reported.");
    } else {
      html.append("<table class=\"numbers\"><tbody>\n");
      durations.fields().forEachRemaining(d -> row(html, d.getKey(), seconds(d.getValue().asLong())));
      html.append("</tbody></table>\n");
    }
    html.append("</div>\n</div>\n</section>\n");
  }

  private static void footer(StringBuilder html, ChartLibrary charts) {
    html.append("<footer>\n<p>Charts drawn by ").append(escape(charts.name())).append(' ')
        .append(escape(charts.version())).append(", included in this page under the Apache License 2.0.</p>\n")
        .append("<details><summary>License and notice of ").append(escape(charts.name())).append("</summary>\n<pre>")
        .append(escape(charts.license())).append("</pre></details>\n</footer>\n");
  }

  /** What the charts draw: per datehour series and the top countries. */
  static ObjectNode chartData(List<Group> groups) {
    Totals totals = Totals.of(groups);
    ObjectNode data = JSON.createObjectNode();
    ObjectNode hours = data.putObject("hours");
    ArrayNode datehour = hours.putArray("datehour");
    ArrayNode pageviews = hours.putArray("pageviews");
    ArrayNode share = hours.putArray("consentShare");
    ArrayNode asked = hours.putArray("consentsAsked");
    ArrayNode given = hours.putArray("consentsGiven");
    ArrayNode givenWithConsent = hours.putArray("consentsGivenWithConsent");
    totals.hours.forEach((hour, t) -> {
      datehour.add(hour);
      pageviews.add(t.pageviews);
      addShare(share, t.pageviewsWithConsent, t.pageviews);
      asked.add(t.consentsAsked);
      given.add(t.consentsGiven);
      givenWithConsent.add(t.consentsGivenWithConsent);
    });

    ObjectNode countries = data.putObject("countries");
    ArrayNode name = countries.putArray("name");
    ArrayNode countryPageviews = countries.putArray("pageviews");
    ArrayNode countryShare = countries.putArray("consentShare");
    List<Map.Entry<String, Sum>> ranked = new ArrayList<>(totals.countries.entrySet());
    ranked.removeIf(c -> c.getValue().pageviews == 0);
    ranked.sort(Comparator.<Map.Entry<String, Sum>>comparingLong(c -> -c.getValue().pageviews)
        .thenComparing(Map.Entry::getKey, Comparator.nullsLast(Comparator.naturalOrder())));
    Sum other = new Sum();
    for (int i = 0; i < ranked.size(); i++) {
      Sum s = ranked.get(i).getValue();
      if (i < TOP_COUNTRIES) {
        String country = ranked.get(i).getKey();
        name.add(country == null ? "(no country)" : country);
        countryPageviews.add(s.pageviews);
        addShare(countryShare, s.pageviewsWithConsent, s.pageviews);
      } else {
        other.add(s);
      }
    }
    int others = ranked.size() - TOP_COUNTRIES;
    if (others > 0) {
      name.add("other (" + plural(others, "country", "countries") + ")");
      countryPageviews.add(other.pageviews);
      addShare(countryShare, other.pageviewsWithConsent, other.pageviews);
    }
    return data;
  }

  /**
   * JSON that can sit inside a {@code <script>} element: {@code <}, {@code >} and {@code &} can only
   * occur inside JSON strings, where their JSON unicode escapes mean the same characters to
   * {@code JSON.parse} but can never close the element or open a comment. U+2028 and U+2029 too.
   */
  static String scriptSafeJson(JsonNode data) {
    try {
      return JSON.writeValueAsString(data)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026")
          .replace("\u2028", "\\u2028")
          .replace("\u2029", "\\u2029");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text for HTML element content and double-quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void fact(StringBuilder html, String label, String value) {
    html.append("<dt>").append(escape(label)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
  }

  private static void row(StringBuilder html, String label, String value) {
    html.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
  }

  private static void cell(StringBuilder html, Number sortKey, String shown) {
    html.append("<td data-sort=\"").append(sortKey == null ? "" : sortKey.toString()).append("\">")
        .append(escape(shown)).append("</td>");
  }

  private static void empty(StringBuilder html, String message) {
    html.append("<p class=\"empty\">").append(escape(message)).append("</p>\n");
  }

  private static void addShare(ArrayNode to, long withConsent, long of) {
    Double share = share(withConsent, of);
    if (share == null) {
      to.addNull();
    } else {
      to.add(Math.round(share * 1000) / 10.0); // percent, one decimal
    }
  }

  private static Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  private static String text(JsonNode summary, String field) {
    JsonNode value = summary.path(field);
    return value.isMissingNode() || value.isNull() ? "unknown" : value.asText();
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String plural(long n, String one) {
    return plural(n, one, one + "s");
  }

  private static String plural(long n, String one, String many) {
    return number(n) + " " + (n == 1 ? one : many);
  }

  private static String asset(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + ReportPage.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pageview and consent counts summed over groups. */
  private static final class Sum {
    long pageviews;
    long pageviewsWithConsent;
    long consentsAsked;
    long consentsGiven;
    long consentsGivenWithConsent;
    long users;

    void add(Group g) {
      pageviews += g.pageviews();
      pageviewsWithConsent += g.pageviewsWithConsent();
      consentsAsked += g.consentsAsked();
      consentsGiven += g.consentsGiven();
      consentsGivenWithConsent += g.consentsGivenWithConsent();
      users += g.users();
    }

    void add(Sum s) {
      pageviews += s.pageviews;
      pageviewsWithConsent += s.pageviewsWithConsent;
      consentsAsked += s.consentsAsked;
      consentsGiven += s.consentsGiven;
      consentsGivenWithConsent += s.consentsGivenWithConsent;
      users += s.users;
    }
  }

  /** The groups summed per datehour (sorted) and per country (a null country is a key of its own). */
  private record Totals(TreeMap<String, Sum> hours, Map<String, Sum> countries, long pageviews) {
    static Totals of(List<Group> groups) {
      TreeMap<String, Sum> hours = sums(groups, Group::datehour, new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder())));
      Map<String, Sum> countries = sums(groups, Group::country, new LinkedHashMap<>());
      return new Totals(hours, countries, groups.stream().mapToLong(Group::pageviews).sum());
    }

    private static <M extends Map<String, Sum>> M sums(List<Group> groups, Function<Group, String> key, M into) {
      for (Group g : groups) {
        into.computeIfAbsent(key.apply(g), k -> new Sum()).add(g);
      }
      return into;
    }
  }

  /** One line of the domain table. */
  private record DomainRow(String domain, long pageviews, long withConsent, long users) {
    static List<DomainRow> of(List<Group> groups) {
      Map<String, Sum> sums = Totals.sums(groups, Group::domain, new LinkedHashMap<>());
      List<DomainRow> rows = new ArrayList<>();
      sums.forEach((domain, s) -> rows.add(new DomainRow(domain, s.pageviews, s.pageviewsWithConsent, s.users)));
      rows.sort(Comparator.comparingLong((DomainRow d) -> -d.pageviews)
          .thenComparing(DomainRow::domain, Comparator.nullsFirst(Comparator.naturalOrder())));
      return rows;
    }
  }
}
