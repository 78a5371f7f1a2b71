package io.consentmetrics.it;

import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.consentmetrics.MainRunner;
import io.consentmetrics.testing.Fixtures;
import io.consentmetrics.testing.HeadlessChromium;
import io.consentmetrics.testing.S3ProxyServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real run over s3a (S3Proxy), opened in a real headless Chromium without network:
 * the charts draw, no script fails, and hostile text in the data is shown, never run. Skipped, with
 * a message saying so, only where no Chromium is installed.
 */
class ReportInBrowserTest {
  private static final String BUCKET = "report-browser";
  private static final String PWNED = "document.documentElement.setAttribute('data-pwned','%s')";
  static final String SCRIPT_DOMAIN = "</script><script>" + PWNED.formatted("script") + "</script>";
  static final String ATTRIBUTE_COUNTRY = "\"><img src=x onerror=\"" + PWNED.formatted("img") + "\">";
  /** Where the screenshot of the page is left for a person to look at (and for the README). */
  private static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");

  private static S3ProxyServer server;

  @BeforeAll
  static void startServer() {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void theReportOfAnS3RunRendersItsChartsOfflineAndShowsHostileTextAsText(@TempDir Path dir) throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
    Assumptions.assumeTrue(chromium != null,
        "SKIPPED: no Chromium on the PATH (apt-get install -y chromium; .ci/run installs it)");

    server.createBucket(BUCKET);
    List<String> hour11 = new ArrayList<>(MetricsJobEndToEndTest.HOUR_11);
    hour11.add(event("h1", "2021-01-23 11:05:00", "pageview", SCRIPT_DOMAIN, "u9", ATTRIBUTE_COUNTRY,
        Fixtures.CONSENT_TOKEN));
    server.putObject(BUCKET, "data/events/datehour=2021-01-23-10/part-0.json",
        MetricsJobEndToEndTest.lines(MetricsJobEndToEndTest.HOUR_10).getBytes(StandardCharsets.UTF_8));
    server.putObject(BUCKET, "data/events/datehour=2021-01-23-11/part-0.json.gz",
        gzip(MetricsJobEndToEndTest.lines(hour11)));

    MainRunner.Result result = MainRunner.run(server.jobProperties(BUCKET), "--max-rejected-share", "0.5");
    assertEquals(0, result.status(), result.err());

    List<String> reports = server.keys(BUCKET, "data/metrics/report/");
    assertEquals(2, reports.size(), reports.toString());
    assertEquals("data/metrics/report/latest.html", reports.get(0));
    assertTrue(reports.get(1).matches("data/metrics/report/year=\\d{4}/month=\\d\\d/day=\\d\\d/time=[^/]+/index\\.html"),
        reports.get(1));
    byte[] latest = server.getObject(BUCKET, reports.get(0));
    assertArrayEquals(server.getObject(BUCKET, reports.get(1)), latest);
    assertTrue(latest.length < 2_000_000, "report size " + latest.length);
    Path page = dir.resolve("latest.html");
    Files.write(page, latest);

    String dom = chromium.dumpDom(page);
    Files.createDirectories(SCREENSHOT.getParent());
    Files.writeString(SCREENSHOT.resolveSibling("report-dom.html"), dom);
    assertNull(attribute(dom, "data-script-error"), "a script failed");
    assertEquals("4", attribute(dom, "data-charts-rendered"), "charts drawn");
    for (String chart : List.of("chart-pageviews", "chart-consents", "chart-countries", "chart-quality")) {
      String drawn = element(dom, chart);
      assertTrue(drawn.contains("<svg") && count(drawn, "<path") >= 5, chart + " has no drawing: " + drawn);
    }
    for (String chart : List.of("chart-pageviews", "chart-consents")) {
      assertTrue(element(dom, chart).contains(">2021-01-23-10</text>"), chart + " lacks its datehour labels");
      assertTrue(element(dom, chart).contains(">2021-01-23-11</text>"), chart + " lacks its datehour labels");
    }
    assertTrue(element(dom, "chart-countries").contains(">FR</text>"), "the country chart lacks its labels");
    assertTiles(dom, new String(server.getObject(BUCKET, "data/metrics/current/metrics.csv"), StandardCharsets.UTF_8));
    assertNull(attribute(dom, "data-pwned"), "hostile input ran as script");
    assertTrue(dom.contains(">&lt;/script&gt;&lt;script&gt;" + PWNED.formatted("script") + "&lt;/script&gt;</td>"),
        "hostile domain not shown as text");
    assertTrue(dom.contains("\"&gt;&lt;img src=x onerror=\"" + PWNED.formatted("img") + "\"&gt;"),
        "hostile country not shown as text");

    chromium.screenshot(page, SCREENSHOT, 1100, 1500);
    BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
    // The bars of the pageview charts are drawn in ECharts' first palette colour, #5470c6.
    assertTrue(pixelsOfColour(image, 0x5470c6) > 500, "no pageview bars on the screenshot " + SCREENSHOT);
  }

  /** The consent tiles, as the browser shows them, against the numbers worked out here from current/metrics.csv. */
  private static void assertTiles(String dom, String csv) {
    List<String[]> rows = new CsvParser(new CsvParserSettings()).parseAll(new StringReader(csv));
    List<String> header = List.of(rows.get(0));
    long pageviews = 0;
    long withConsent = 0;
    long asked = 0;
    long given = 0;
    long users = 0;
    for (String[] row : rows.subList(1, rows.size())) {
      long pv = Long.parseLong(row[header.indexOf("pageviews")]);
      pageviews += pv;
      withConsent += Long.parseLong(row[header.indexOf("pageviews_with_consent")]);
      asked += Long.parseLong(row[header.indexOf("consents_asked")]);
      given += Long.parseLong(row[header.indexOf("consents_given")]);
      String avg = row[header.indexOf("avg_pageviews_per_user")];
      users += avg == null ? 0 : Math.round(pv / Double.parseDouble(avg));
    }
    assertEquals(String.format(Locale.ROOT, "%,d", pageviews + asked + given), tileValue(dom, "events"));
    assertEquals(String.format(Locale.ROOT, "%.1f %%", 100.0 * withConsent / pageviews), tileValue(dom, "consent-rate"));
    assertEquals(String.format(Locale.ROOT, "%.1f %%", 100.0 * given / asked), tileValue(dom, "conversion"));
    assertEquals(String.format(Locale.ROOT, "%,d", users), tileValue(dom, "users"));
  }

  private static String tileValue(String dom, String id) {
    Matcher m = Pattern.compile("id=\"tile-" + id + "\">.*?<div class=\"value\">([^<]*)</div>").matcher(dom);
    assertTrue(m.find(), "no tile " + id);
    return m.group(1).replace("&nbsp;", " ");
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static String attribute(String dom, String name) {
    Matcher m = Pattern.compile("<html[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }

  /** The serialized element with this id, up to the next chart or section. */
  private static String element(String dom, String id) {
    int start = dom.indexOf("id=\"" + id + "\"");
    assertTrue(start >= 0, "no element " + id);
    int end = dom.indexOf("class=\"chart\"", start + 1);
    int section = dom.indexOf("</section>", start);
    return dom.substring(start, end < 0 || section < end ? section : end);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static long pixelsOfColour(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
