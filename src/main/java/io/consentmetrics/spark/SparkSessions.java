package io.consentmetrics.spark;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.metrics.read.InputLines;
import io.consentmetrics.metrics.read.InputSplits;
import io.consentmetrics.metrics.rules.Lateness;
import io.consentmetrics.metrics.rules.ShufflePartitions;
import io.consentmetrics.storage.JavaLocalFileSystem;
import io.consentmetrics.storage.Storage;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;

/** Creates the job's SparkSession and applies the job's Spark and Hadoop settings to it. */
public final class SparkSessions {

  /** Spark's own committer bindings that route Spark SQL writes through Hadoop's S3A committers. */
  static final String COMMIT_PROTOCOL =
      "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol";
  static final String PARQUET_COMMITTER =
      "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter";

  /**
   * Extends Spark's default redaction so that S3 credentials never appear in the environment page,
   * event logs or configuration dumps.
   */
  static final String REDACTION_REGEX = "(?i)secret|password|token|access[._-]?key|credential";

  public static final String OPEN_COST = "spark.sql.files.openCostInBytes";

  private SparkSessions() {}

  /**
   * The Hadoop configuration Spark would give a session made from {@code spark} ({@code
   * spark.hadoop.*} settings and the environment's S3 keys applied), for reading a file before the
   * session exists. Spark internal: {@code SparkHadoopUtil} (docs/spark-upgrade.md).
   */
  public static Configuration hadoopConfiguration(SparkConf spark) {
    return SparkHadoopUtil.get().newConfiguration(spark);
  }

  /**
   * Returns the active session (as under spark-submit or in tests) or a new one, with the job's
   * settings applied. The master comes from spark-submit or {@code -Dspark.master}, never from code.
   * The local file system is set here, before the context exists, because Hadoop caches file system
   * instances from their first use ({@link JavaLocalFileSystem}).
   */
  public static SparkSession getOrCreate(JobConfig config) {
    warmUpScalaReflection();
    SparkSession spark =
        SparkSession.builder()
            .appName("consent-metrics")
            .config("spark.redaction.regex", REDACTION_REGEX)
            .config("spark.hadoop.fs.file.impl", JavaLocalFileSystem.class.getName())
            .getOrCreate();
    apply(spark, config);
    return spark;
  }

  /**
   * Starts Scala's runtime reflection on a thread of its own while the session starts on this one.
   * Every {@code Column} operator ({@code equalTo}, {@code and}, {@code minus}...) passes its operand
   * through {@code functions.lit}, whose {@code TypeTag} needs that reflection "universe"; making it
   * costs about half a second of one core on a fresh JVM, which the driver would otherwise spend
   * just before its first job. If it fails here, the first operator makes it again and reports the
   * failure there.
   */
  private static void warmUpScalaReflection() {
    Thread warmUp = new Thread(() -> {
      try {
        scala.reflect.runtime.package$.MODULE$.universe();
      } catch (RuntimeException | LinkageError e) {
        // Reported, if it recurs, by the first Column operator on the driver's own thread.
      }
    }, "scala-reflection-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  /** Applies the runtime settings; safe on a session created elsewhere. */
  public static void apply(SparkSession spark, JobConfig config) {
    // Off: adaptive execution runs a plan's shuffles when its RDD is asked for, and the pipeline asks
    // for RDDs while it is built (InternalRows). The job sizes its shuffles from its input instead
    // (ShufflePartitions), which is what adaptive execution's partition merging gave it.
    spark.conf().set("spark.sql.adaptive.enabled", false);
    // What opening a file costs, in bytes of reading, when input files are packed into tasks (see
    // InputSplits). Spark's 4 MB makes thousands of tiny files a hundred tasks or more; 64 KB makes
    // them a few here and still about one per core on a cluster.
    if (!spark.sparkContext().getConf().contains(OPEN_COST)) {
      spark.conf().set(OPEN_COST, 64L << 10);
    }
    // The metrics' first aggregate has a key per (group, user): nearly one per event. Spark's small
    // first-level hash map then mostly misses and compares keys twice (docs/performance.md).
    spark.conf().set("spark.sql.codegen.aggregate.map.twolevel.enabled", false);
    // Event times are UTC; lateness compares their hour with the folder's (see Lateness).
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // datehour=2021-01-23-10 is a name, not a date: keep partition values as strings.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", false);
    if (Storage.isS3(config.output())) {
      spark.conf().set("spark.sql.sources.commitProtocolClass", COMMIT_PROTOCOL);
      spark.conf().set("spark.sql.parquet.output.committer.class", PARQUET_COMMITTER);
    } else {
      // Spark's own protocol: it supports dynamic partition overwrite, which the cloud one does not.
      spark.conf().unset("spark.sql.sources.commitProtocolClass");
      spark.conf().unset("spark.sql.parquet.output.committer.class");
    }
    applyHadoop(spark.sparkContext().hadoopConfiguration(), spark.sparkContext().getConf(), config);
  }

  /**
   * Sets the job's Hadoop settings, except those given to Spark as {@code spark.hadoop.*} (by
   * spark-submit or spark-defaults), which win: a cluster's own committer or endpoint settings are
   * not overridden by the job's defaults. S3 endpoint and keys are set only when configured, so
   * that Hadoop's credential chain (instance roles) still applies otherwise.
   */
  public static void applyHadoop(Configuration hadoop, SparkConf spark, JobConfig config) {
    config.hadoop().forEach((key, value) -> {
      if (!spark.contains("spark.hadoop." + key)) {
        hadoop.set(key, value);
      }
    });
    JobConfig.S3Settings s3 = config.s3();
    s3.endpoint().ifPresent(endpoint -> {
      hadoop.set("fs.s3a.endpoint", endpoint);
      hadoop.setBoolean("fs.s3a.connection.ssl.enabled", endpoint.startsWith("https://"));
    });
    hadoop.setLong(InputLines.MAX_LINE_BYTES, config.maxLineBytes());
    hadoop.setBoolean("fs.s3a.path.style.access", s3.pathStyleAccess());
    s3.accessKey().ifPresent(key -> hadoop.set("fs.s3a.access.key", key));
    s3.secretKey().ifPresent(key -> hadoop.set("fs.s3a.secret.key", key));
  }
}
