package io.consentmetrics.metrics.publish.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report page, built from small inline metrics rows and a summary. */
class ReportPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRIPT_DOMAIN = "</script><script>alert(1)</script>";
  private static final String ATTRIBUTE_COUNTRY = "\"><img src=x onerror=alert(1)>";

  private static final String SUMMARY =
      """
      {"run_id": "20210123T090507Z", "input": "s3a://b/data/events", "output": "s3a://b/data/metrics",
       "lines_read": 12, "rejected": 2, "rejected_by_reason": {"malformed_json": 1, "missing_id": 1},
       "duplicates": 1, "unknown_type": 1, "events_counted": 7, "invalid_token": 1, "late_events": 1,
       "groups_written": 3, "durations_ms": {"list_input": 120, "publish_current": 900, "total": 4200}}
      """;

  private static ReportPage.Group group(String datehour, String domain, String country,
      long pageviews, long withConsent, long asked, long given, long givenWithConsent, Double avg) {
    return new ReportPage.Group(datehour, domain, country, pageviews, withConsent, asked, 0, given,
        givenWithConsent, avg);
  }

  private static String page(List<ReportPage.Group> groups) throws Exception {
    return ReportPage.build(groups, JSON.readTree(SUMMARY), "s3a://b/data/metrics/rejected/year=2021/month=01/day=23/time=090507",
        ChartLibrary.echarts());
  }

  /** The chart data as the page's script reads it. */
  private static JsonNode embeddedData(String html) throws Exception {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL)
        .matcher(html);
    assertTrue(m.find(), "no data element");
    return JSON.readTree(m.group(1));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void hostileDomainsAndCountriesAreTextNeverMarkup() throws Exception {
    String benign = page(List.of(group("2021-01-23-10", "a.com", "FR", 2, 1, 1, 1, 1, 1.0)));
    String hostile = page(List.of(group("2021-01-23-10", SCRIPT_DOMAIN, ATTRIBUTE_COUNTRY, 2, 1, 1, 1, 1, 1.0)));

    assertEquals(count(benign, "<script"), count(hostile, "<script"));
    assertEquals(count(benign, "</script"), count(hostile, "</script"));
    assertEquals(count(benign, "<img"), count(hostile, "<img"), "an <img> element got into the page");
    assertTrue(hostile.contains(
        "<td data-sort=\"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
    assertTrue(hostile.contains("\"\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\""), "country not \\u-escaped in JSON");
    assertEquals(ATTRIBUTE_COUNTRY, embeddedData(hostile).get("countries").get("name").get(0).asText());
  }

  @Test
  void theHeaderNamesTheRunItsDataAndCounts() throws Exception {
    String html = page(List.of(
        group("2021-01-23-10", "a.com", "FR", 2, 1, 1, 1, 1, 1.0),
        group("2021-01-23-12", "a.com", "FR", 1, 1, 0, 0, 0, 1.0)));
    assertTrue(html.contains("<dt>Run</dt><dd>20210123T090507Z</dd>"));
    assertTrue(html.contains("<dt>Input</dt><dd>s3a://b/data/events</dd>"));
    assertTrue(html.contains("<dt>Output</dt><dd>s3a://b/data/metrics</dd>"));
    assertTrue(html.contains("<dt>Data in current/</dt><dd>2021-01-23-10 to 2021-01-23-12 (2 hours)</dd>"));
    assertTrue(html.contains("<dt>Events counted by this run</dt><dd>7</dd>"));
    assertTrue(html.contains("<dt>Duration</dt><dd>4.2 s (until this report was prepared)</dd>"));
  }

  @Test
  void consentRateOverTimeHasOnePointPerDatehour() throws Exception {
    JsonNode hours = embeddedData(page(List.of(
        group("2021-01-23-11", "a.com", "FR", 4, 1, 0, 0, 0, 2.0),
        group("2021-01-23-10", "a.com", "FR", 2, 1, 3, 2, 1, 1.0),
        group("2021-01-23-10", "b.com", "DE", 2, 2, 1, 0, 0, 1.0)))).get("hours");
    assertEquals("[\"2021-01-23-10\",\"2021-01-23-11\"]", hours.get("datehour").toString());
    assertEquals("[4,4]", hours.get("pageviews").toString());
    assertEquals("[75.0,25.0]", hours.get("consentShare").toString());
    assertEquals("[4,0]", hours.get("consentsAsked").toString());
    assertEquals("[2,0]", hours.get("consentsGiven").toString());
    assertEquals("[1,0]", hours.get("consentsGivenWithConsent").toString());
  }

  @Test
  void theTop15CountriesByPageviewsAndTheRestAsOther() throws Exception {
    List<ReportPage.Group> groups = new ArrayList<>();
    for (int i = 1; i <= 17; i++) { // country C01 has 1 pageview ... C17 has 17
      groups.add(group("2021-01-23-10", "a.com", String.format("C%02d", i), i, i % 2, 0, 0, 0, 1.0));
    }
    groups.add(group("2021-01-23-10", "a.com", null, 0, 0, 5, 0, 0, null)); // no pageviews: not a bar
    JsonNode countries = embeddedData(page(groups)).get("countries");
    assertEquals(
        "[\"C17\",\"C16\",\"C15\",\"C14\",\"C13\",\"C12\",\"C11\",\"C10\",\"C09\",\"C08\",\"C07\",\"C06\","
            + "\"C05\",\"C04\",\"C03\",\"other (2 countries)\"]",
        countries.get("name").toString());
    assertEquals("[17,16,15,14,13,12,11,10,9,8,7,6,5,4,3,3]", countries.get("pageviews").toString());
    // other = C01 (1 of 1 with consent) + C02 (0 of 2)
    assertEquals(33.3, countries.get("consentShare").get(15).asDouble());
  }

  @Test
  void aMissingCountryIsItsOwnBar() throws Exception {
    JsonNode countries = embeddedData(page(List.of(group("2021-01-23-10", "a.com", null, 3, 0, 0, 0, 0, 3.0))))
        .get("countries");
    assertEquals("[\"(no country)\"]", countries.get("name").toString());
    assertEquals("[0.0]", countries.get("consentShare").toString());
  }

  @Test
  void theDomainTableSumsPageviewsAndUsersOverHoursAndCountries() throws Exception {
    String html = page(List.of(
        group("2021-01-23-10", "a.com", "FR", 4, 1, 0, 0, 0, 2.0), // 2 users
        group("2021-01-23-11", "a.com", "DE", 2, 2, 0, 0, 0, 1.0), // 2 users
        group("2021-01-23-10", null, "FR", 1, 0, 0, 0, 0, null))); // no user id
    assertTrue(html.contains("<tr><td data-sort=\"a.com\">a.com</td><td data-sort=\"6\">6</td>"
        + "<td data-sort=\"0.5\">50.0 %</td><td data-sort=\"1.5\">1.50</td></tr>"), html);
    assertTrue(html.contains("<tr><td data-sort=\"\" class=\"missing\">(no domain)</td><td data-sort=\"1\">1</td>"
        + "<td data-sort=\"0.0\">0.0 %</td><td data-sort=\"\">–</td></tr>"));
  }

  @Test
  void anEmptyRunShowsWhyInsteadOfEmptyCharts() throws Exception {
    String html = page(List.of());
    assertFalse(html.contains("class=\"chart\""));
    assertFalse(html.contains("<table class=\"sortable\""));
    assertTrue(html.contains("<p class=\"empty\">No events of a known type in this run: nothing to draw per hour.</p>"));
    assertTrue(html.contains("<p class=\"empty\">No pageviews in this run: no country to compare.</p>"));
    assertTrue(html.contains("<p class=\"empty\">No domains: no event of a known type in this run.</p>"));
    assertTrue(html.contains("<dt>Data in current/</dt><dd>no hour with events</dd>"));
  }

  @Test
  void aRunWithoutPageviewsStillDrawsItsConsentRequests() throws Exception {
    String html = page(List.of(group("2021-01-23-10", "a.com", "FR", 0, 0, 3, 2, 1, null)));
    assertTrue(html.contains("<p class=\"empty\">No pageviews in this run: the consent share is undefined.</p>"));
    assertTrue(html.contains("<div class=\"chart\" id=\"chart-consents\"></div>"));
    assertFalse(html.contains("id=\"chart-countries\""));
    assertEquals("[null]", embeddedData(html).get("hours").get("consentShare").toString());
  }

  @Test
  void runHealthShowsTheSummaryCountsReasonsDurationsAndTheRejectedFolder() throws Exception {
    String html = page(List.of(group("2021-01-23-10", "a.com", "FR", 2, 1, 1, 1, 1, 1.0)));
    assertTrue(html.contains("<tr><th>Duplicates removed</th><td>1</td></tr>"));
    assertTrue(html.contains("<tr><th>Late events (datetime outside their datehour folder)</th><td>1</td></tr>"));
    assertTrue(html.contains("<tr><th>not one JSON object (malformed_json)</th><td>1</td></tr>"));
    assertTrue(html.contains("<tr><th>Publishing current/ (publish_current)</th><td>0.9 s</td></tr>"));
    assertTrue(html.contains("<tr><th>Total (total)</th><td>4.2 s</td></tr>"));
    assertTrue(html.contains("<code class=\"path\">s3a://b/data/metrics/rejected/year=2021/month=01/day=23/time=090507</code>"));
  }

  private static final String PREVIOUS =
      """
      {"run_id": "20210123T080000Z", "status": "succeeded", "lines_read": 10, "rejected": 0, "duplicates": 2,
       "events_counted": 8, "late_events": 2,
       "current_totals": {"events": 4, "pageviews": 4, "pageviews_with_consent": 1, "consents_asked": 0,
                          "consents_given": 0, "users": 2}}
      """;

  private static String tile(String html, String id) {
    Matcher m = Pattern.compile("<div class=\"tile\" id=\"tile-" + id + "\">(.*?)</div>\n").matcher(html);
    assertTrue(m.find(), "no tile " + id);
    return m.group(1);
  }

  @Test
  void theTilesShowCurrentAndTheRunsQualityWithTheirChangeSinceThePreviousRun() throws Exception {
    String html = ReportPage.build(
        List.of(group("2021-01-23-10", "a.com", "FR", 6, 3, 4, 2, 1, 2.0)), // 3 users
        JSON.readTree(SUMMARY), JSON.readTree(PREVIOUS), List.of(), "/out/rejected", ChartLibrary.echarts());
    assertEquals("<div class=\"label\">Events counted</div><div class=\"value\">12</div>"
        + "<div class=\"change\">+8 (+200.0 %)</div><div class=\"note\">in current/</div>", tile(html, "events"));
    assertTrue(tile(html, "consent-rate").contains("<div class=\"value\">50.0 %</div><div class=\"change\">+25.0 pp</div>"),
        tile(html, "consent-rate"));
    assertTrue(tile(html, "conversion").contains("<div class=\"value\">50.0 %</div><div class=\"change\">–</div>"),
        "no consent asked before: no change " + tile(html, "conversion"));
    assertTrue(tile(html, "users").contains("<div class=\"value\">3</div><div class=\"change\">+1 (+50.0 %)</div>"));
    // 2 of 12 lines rejected now, 0 of 10 before; 1 of 12 duplicates now, 2 of 10 before; 1 late of 7 now, 2 of 8
    assertTrue(tile(html, "rejected").contains("<div class=\"value\">16.7 %</div><div class=\"change\">+16.7 pp</div>"));
    assertTrue(tile(html, "duplicates").contains("<div class=\"value\">8.3 %</div><div class=\"change\">−11.7 pp</div>"));
    assertTrue(tile(html, "late").contains("<div class=\"value\">14.3 %</div><div class=\"change\">−10.7 pp</div>"));
    assertTrue(html.contains("Changes since the previous successful run, 20210123T080000Z."));
  }

  @Test
  void withoutAPreviousRunTheTilesSayThereIsNothingToCompare() throws Exception {
    String html = page(List.of(group("2021-01-23-10", "a.com", "FR", 2, 1, 1, 1, 1, 1.0)));
    assertTrue(tile(html, "events").contains("<div class=\"value\">4</div><div class=\"change\">–</div>"));
    assertTrue(html.contains("No earlier successful run to compare with."));
  }

  @Test
  void theQualityChartHasTheRunsSharesPerHour() throws Exception {
    String html = ReportPage.build(List.of(group("2021-01-23-10", "a.com", "FR", 2, 1, 1, 1, 1, 1.0)),
        JSON.readTree(SUMMARY), null,
        List.of(new HourQuality("2021-01-23-10", 8, 2, 1, 5, 0), new HourQuality("2021-01-23-11", 0, 0, 0, 0, 0)),
        "/out/rejected", ChartLibrary.echarts());
    JsonNode quality = embeddedData(html).get("quality");
    assertEquals("[\"2021-01-23-10\",\"2021-01-23-11\"]", quality.get("datehour").toString());
    assertEquals("[25.0,null]", quality.get("rejectedShare").toString());
    assertEquals("[12.5,null]", quality.get("duplicatesShare").toString());
    assertEquals("[0.0,null]", quality.get("lateShare").toString());
    assertTrue(html.contains("<div class=\"chart\" id=\"chart-quality\"></div>"));
  }

  @Test
  void thePageCarriesItsChartLibraryAndItsLicenseAndFetchesNothing() throws Exception {
    String html = page(List.of(group("2021-01-23-10", "a.com", "FR", 2, 1, 1, 1, 1, 1.0)));
    ChartLibrary echarts = ChartLibrary.echarts();
    assertEquals("5.3.1", echarts.version());
    assertTrue(html.contains(echarts.script()));
    assertTrue(html.contains("Apache ECharts 5.3.1, included in this page under the Apache License 2.0"));
    assertTrue(html.contains("Copyright 2017-2022 The Apache Software Foundation"));
    String ours = html.replace(echarts.script(), "");
    assertFalse(Pattern.compile("<(script|img|link|iframe)[^>]*\\s(src|href)=").matcher(ours).find());
    assertTrue(html.contains("content=\"default-src 'none';"));
  }
}
