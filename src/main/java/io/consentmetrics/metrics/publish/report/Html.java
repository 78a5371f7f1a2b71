package io.consentmetrics.metrics.publish.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The report's two ways of putting text into the page, each escaped for its place, and the number
 * formats every section shares. Nothing else in the report writes data into the page.
 */
final class Html {
  private Html() {}

  static final ObjectMapper JSON = new ObjectMapper();

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

  static void fact(StringBuilder html, String label, String value) {
    html.append("<dt>").append(escape(label)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
  }

  static void row(StringBuilder html, String label, String value) {
    html.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
  }

  static void cell(StringBuilder html, Number sortKey, String shown) {
    html.append("<td data-sort=\"").append(sortKey == null ? "" : sortKey.toString()).append("\">")
        .append(escape(shown)).append("</td>");
  }

  static void empty(StringBuilder html, String message) {
    html.append("<p class=\"empty\">").append(escape(message)).append("</p>\n");
  }

  /** A share as a percent with one decimal, or null when undefined, for the charts. */
  static void addShare(ArrayNode to, long part, long whole) {
    Double share = share(part, whole);
    if (share == null) {
      to.addNull();
    } else {
      to.add(Math.round(share * 1000) / 10.0);
    }
  }

  static Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  /** A summary field as text; "unknown" when absent. */
  static String text(JsonNode summary, String field) {
    JsonNode value = summary.path(field);
    return value.isMissingNode() || value.isNull() ? "unknown" : value.asText();
  }

  static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static String plural(long n, String one) {
    return plural(n, one, one + "s");
  }

  static String plural(long n, String one, String many) {
    return number(n) + " " + (n == 1 ? one : many);
  }

  /** A resource next to the report's classes (its script and styles), read once. */
  static String asset(String name) {
    try (InputStream in = Html.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to " + Html.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
