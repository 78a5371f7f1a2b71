package io.consentmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** {@link Literals}: the same literals as {@code functions.lit}, and the job makes none through it. */
class LiteralsTest {

  @Test
  void aLiteralHasTheTypeAndValueFunctionsLitGivesIt() {
    for (Object value : new Object[] {"pageview", "", 0L, 1, true, false}) {
      assertEquals(functions.lit(value).expr(), Literals.of(value).expr(), String.valueOf(value));
    }
  }

  /**
   * A guard on the sources, as no plan shows it: {@code functions.lit}, and the {@code Column}
   * methods and functions that pass a plain value through it, look the value's type up by Scala
   * reflection (1.4 s for the first one on the job's cold JVM); {@code spark.range} asks for a
   * reflected encoder.
   */
  @Test
  void theJobsSourcesMakeNoLiteralThroughScalaReflection() throws IOException {
    Pattern reflected = Pattern.compile(
        "functions\\.lit\\b|import static org\\.apache\\.spark\\.sql\\.functions\\.(lit|typedLit);"
            + "|\\.range\\(|\\.isin\\(|\\.rlike\\(\\s*\""
            + "|\\.(equalTo|notEqual|eqNullSafe|gt|geq|lt|leq|plus|minus|multiply|divide|otherwise)\\(\\s*(\"|-?\\d|true\\b|false\\b|null\\b)"
            + "|\\bwhen\\([^;]*?,\\s*(\"|-?\\d|true\\b|false\\b)"
            + "|regexp_replace\\([^;]*?,\\s*\"");
    List<String> found = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String[] lines = Files.readString(source).split("\n");
        for (int i = 0; i < lines.length; i++) {
          String line = lines[i].strip();
          Matcher m = reflected.matcher(line);
          if (!line.startsWith("*") && !line.startsWith("//") && m.find()) {
            found.add(source + ":" + (i + 1) + ": " + line);
          }
        }
      }
    }
    assertTrue(found.isEmpty(), "literals made through Scala reflection:\n" + String.join("\n", found));
  }
}
