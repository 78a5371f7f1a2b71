package io.consentmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spark's internal APIs are used in package {@code io.consentmetrics.spark} only, so that a Spark
 * upgrade has one place to recheck (docs/spark-upgrade.md). Outside it the job may use Spark's
 * public API and the row types of its DataSource V2 connector API ({@code InternalRow}, {@code
 * GenericInternalRow}, {@code UTF8String}).
 */
class SparkInternalsGuardTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path ROOM = SOURCES.resolve("io/consentmetrics/spark");

  /** An import or a call of an API internal to Spark (or {@code private[spark]}, which Java does not see). */
  static final Pattern INTERNAL = Pattern.compile(
      "import (static )?org\\.apache\\.spark\\.sql\\.catalyst\\.(?!InternalRow;|expressions\\.GenericInternalRow;)"
          + "|import (static )?org\\.apache\\.spark\\.(sql\\.internal\\.|sql\\.execution\\.|unsafe\\.(?!types\\.UTF8String;)"
          + "|memory\\.|deploy\\.|executor\\.|storage\\.(?!StorageLevel;)|scheduler\\.|rdd\\.(?!RDD;))"
          + "|import (static )?org\\.apache\\.spark\\.util\\.(?!AccumulatorV2;|LongAccumulator;)"
          + "|\\binternalCreateDataFrame\\(|\\btaskMemoryManager\\(|\\bsessionState\\(|\\bsharedState\\("
          + "|\\bqueryExecution\\(|\\.expr\\(\\)|\\bnew Column\\(");

  @Test
  void sparkInternalsAreUsedOnlyInTheSparkPackage() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(SOURCES)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java") && !p.startsWith(ROOM)).toList()) {
        found.addAll(internalUses(source));
      }
    }
    assertTrue(found.isEmpty(), "Spark internals outside io.consentmetrics.spark:\n" + String.join("\n", found));
  }

  @Test
  void theGuardSeesEachKindOfInternalUse() {
    for (String line : List.of(
        "import org.apache.spark.sql.catalyst.expressions.UnsafeRow;",
        "import org.apache.spark.sql.internal.SQLConf;",
        "import org.apache.spark.memory.MemoryConsumer;",
        "import org.apache.spark.unsafe.memory.MemoryBlock;",
        "import org.apache.spark.deploy.SparkHadoopUtil;",
        "import org.apache.spark.executor.InputMetrics;",
        "import org.apache.spark.util.SerializableConfiguration;",
        "return spark.internalCreateDataFrame(rows, schema, false);",
        "new FirstCopies(TaskContext.get().taskMemoryManager(), 3, 0, order);",
        "SQLConf conf = spark.sessionState().conf();",
        "return new Column(new RLike(value.expr(), pattern.expr()));")) {
      assertTrue(INTERNAL.matcher(line).find(), line);
    }
  }

  @Test
  void theGuardLetsThePublicApiAndTheConnectorRowTypesPass() {
    for (String line : List.of(
        "import org.apache.spark.sql.catalyst.InternalRow;",
        "import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;",
        "import org.apache.spark.unsafe.types.UTF8String;",
        "import org.apache.spark.util.AccumulatorV2;",
        "import org.apache.spark.rdd.RDD;",
        "import org.apache.spark.storage.StorageLevel;",
        "import org.apache.spark.sql.Column;",
        "return col(Columns.ID).equalTo(Literals.of(type));")) {
      assertEquals(false, INTERNAL.matcher(line).find(), line);
    }
  }

  private static List<String> internalUses(Path source) throws IOException {
    List<String> found = new ArrayList<>();
    String[] lines = Files.readString(source).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.startsWith("*") && !line.startsWith("//") && INTERNAL.matcher(line).find()) {
        found.add(source + ":" + (i + 1) + ": " + line);
      }
    }
    return found;
  }
}
