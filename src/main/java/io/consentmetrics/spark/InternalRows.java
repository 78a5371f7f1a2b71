package io.consentmetrics.spark;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Between Datasets and RDDs of Spark's own row format, for the two steps that are not Spark
 * expressions: parsing a line and keeping the first delivery of an id. Through {@code Row}, every
 * value of every event becomes a Java object and back (a String is decoded from UTF-8 and encoded
 * again), a large share of the deduplication's time (docs/performance.md).
 *
 * <p>The one use of an API internal to Spark ({@code SparkSession.internalCreateDataFrame}, public
 * to Java, package-private to Scala), pinned with Spark 3.2.4. Adaptive query execution is off (see
 * {@code SparkSessions}): it would run a Dataset's shuffles as soon as {@link #of} asks for its RDD,
 * while the pipeline is being built, rather than when the job's one action runs.
 */
public final class InternalRows {
  private InternalRows() {}

  /** The rows of {@code dataset}, in Spark's format; nothing runs until an action needs them. */
  public static RDD<InternalRow> of(Dataset<Row> dataset) {
    return dataset.queryExecution().toRdd();
  }

  /** {@code rows}, each with the fields of {@code schema} in Spark's types, as a Dataset. */
  public static Dataset<Row> dataset(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    return spark.internalCreateDataFrame(rows, schema, false);
  }
}
