package io.consentmetrics.metrics.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.spark.SparkSessions;
import io.consentmetrics.storage.Storage;
import io.consentmetrics.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ids/: a write replaces exactly its hours; a read gives the hours from a start on, or none. */
class DedupIndexTest {
  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.session();

  /** As the job does for a local output: Spark's own commit protocol, which can replace partitions. */
  @BeforeEach
  void localOutput() {
    SparkSessions.apply(spark, JobConfig.load(Map.of(JobConfig.OUTPUT, dir.toString(), "shuffle-partitions", "1")));
  }

  @AfterEach
  void testSession() {
    SparkSessions.apply(spark, SharedSpark.testConfig());
  }

  private Dataset<Row> rows(Row... rows) {
    return spark.createDataFrame(List.of(rows), DedupIndex.SCHEMA);
  }

  private List<String> read(String location, String from) {
    Dataset<Row> index = DedupIndex.read(spark, new Storage(spark.sparkContext().hadoopConfiguration()), location, from);
    assertEquals(DedupIndex.SCHEMA, index.schema());
    return index.orderBy("datehour", "id").collectAsList().stream().map(Row::toString).toList();
  }

  @Test
  void aWriteReplacesItsHoursOnlyAndAReadStartsAtItsHour() {
    String ids = dir.resolve("ids").toString();
    DedupIndex.write(rows(RowFactory.create("a", true, "2021-01-23-10"), RowFactory.create("b", true, "2021-01-23-11"),
        RowFactory.create("a", false, "2021-01-23-11")), ids);
    DedupIndex.write(rows(RowFactory.create("c", true, "2021-01-23-11")), ids);

    assertEquals(List.of("[a,true,2021-01-23-10]", "[c,true,2021-01-23-11]"), read(ids, "2021-01-23-00"));
    assertEquals(List.of("[c,true,2021-01-23-11]"), read(ids, "2021-01-23-11"));
  }

  @Test
  void noIndexYetReadsAsNoRows() {
    assertEquals(List.of(), read(dir.resolve("ids").toString(), "2021-01-23-00"));
  }
}
