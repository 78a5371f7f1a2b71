package io.consentmetrics.metrics.publish.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * The charting library the report inlines: Apache ECharts, from its WebJar on the classpath, so a
 * page needs no network when opened. The version is the one pinned in the build (read from the
 * WebJar's own metadata, never repeated here); its license files travel with the page.
 */
public record ChartLibrary(String name, String version, String script, String license) {

  private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
  /** The "common" bundle: line, bar, grid, legend, tooltip; a third the size of the full one. */
  private static final String BUNDLE = "dist/echarts.common.min.js";
  private static final String[] LICENSE_FILES = {"NOTICE", "LICENSE", "licenses/LICENSE-d3"};

  private static volatile ChartLibrary echarts;

  public ChartLibrary {
    String lower = script.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("<!--")) {
      // Either would end or derail the inline <script> element the page puts the library in.
      throw new IllegalStateException(name + " " + version + " cannot be inlined: it contains </script or <!--");
    }
  }

  /** ECharts as pinned in the build; read from the classpath once per JVM. */
  public static ChartLibrary echarts() {
    ChartLibrary loaded = echarts;
    if (loaded == null) {
      String version = webJarVersion();
      String base = "META-INF/resources/webjars/echarts/" + version + "/";
      StringBuilder license = new StringBuilder();
      for (String file : LICENSE_FILES) {
        license.append("==> ").append(file).append(" <==\n").append(resource(base + file)).append('\n');
      }
      loaded = new ChartLibrary("Apache ECharts", version, resource(base + BUNDLE), license.toString());
      echarts = loaded;
    }
    return loaded;
  }

  private static String webJarVersion() {
    Properties properties = new Properties();
    try (InputStream in = open(WEBJAR_PROPERTIES)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + WEBJAR_PROPERTIES + ": " + e.getMessage(), e);
    }
    return properties.getProperty("version");
  }

  private static String resource(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = ChartLibrary.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("the ECharts WebJar is not on the classpath: " + name + " is missing");
    }
    return in;
  }
}
