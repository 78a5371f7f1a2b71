package io.consentmetrics.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consentmetrics.testing.DatasetAssertions;
import io.consentmetrics.testing.Fixtures;
import io.consentmetrics.testing.SharedSpark;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/** Datasets to Spark's own rows and back, as the parser and the deduplication use them. */
class InternalRowsTest {
  private static final StructType SCHEMA =
      new StructType().add("id", DataTypes.StringType).add("n", DataTypes.LongType, false);

  /**
   * Asking for the rows of a plan with a shuffle runs nothing: the pipeline asks for them while it is
   * built, and its one action must be the only pass over the input. Adaptive execution, if it were
   * on (SparkSessions turns it off), would run the shuffle's input right here.
   */
  @Test
  void theRowsOfAShuffledDatasetAreComputedOnlyByTheAction() {
    SparkSession spark = SharedSpark.session();
    LongAccumulator computed = spark.sparkContext().longAccumulator("rows computed");
    Dataset<Row> shuffled =
        Fixtures.dataset(SCHEMA, RowFactory.create("a", 1L), RowFactory.create("b", 2L))
            .map((MapFunction<Row, Row>) r -> {
              computed.add(1);
              return r;
            }, RowEncoder.apply(SCHEMA))
            .repartition(col("id"));

    RDD<InternalRow> rows = InternalRows.of(shuffled);
    assertEquals(0L, computed.value());

    InternalRows.dataset(spark, rows, SCHEMA).count();
    assertEquals(2L, computed.value());
  }

  @Test
  void rowsComeBackAsTheSameDataset() {
    Dataset<Row> input = Fixtures.dataset(SCHEMA, RowFactory.create("a", 1L), RowFactory.create(null, 2L));

    DatasetAssertions.assertDatasetEquals(input, InternalRows.dataset(SharedSpark.session(), InternalRows.of(input), SCHEMA));
  }
}
