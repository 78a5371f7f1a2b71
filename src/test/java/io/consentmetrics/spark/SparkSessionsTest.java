package io.consentmetrics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.consentmetrics.config.JobConfig;
import io.consentmetrics.testing.TestConfigs;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  private static final JobConfig DEFAULTS = JobConfig.load(Map.of());

  private static JobConfig withS3(JobConfig.S3Settings s3) {
    return TestConfigs.withS3(DEFAULTS, s3);
  }

  @Test
  void theJobsHadoopDefaultsApplyUnlessSparkWasGivenTheSetting() {
    Configuration hadoop = new Configuration(false);
    SparkConf spark = new SparkConf(false).set("spark.hadoop.fs.s3a.committer.staging.tmp.path", "hdfs:///staging");
    SparkSessions.applyHadoop(hadoop, spark, DEFAULTS);
    assertNull(hadoop.get("fs.s3a.committer.staging.tmp.path"), "the cluster's own setting is left alone");
    assertEquals("directory", hadoop.get("fs.s3a.committer.name"));
  }

  @Test
  void endpointAndKeysAreSetOnlyWhenConfigured() {
    Configuration hadoop = new Configuration(false);
    SparkSessions.applyHadoop(hadoop, new SparkConf(false),
        withS3(new JobConfig.S3Settings(Optional.empty(), Optional.empty(), Optional.empty(), false)));
    assertNull(hadoop.get("fs.s3a.endpoint"));
    assertNull(hadoop.get("fs.s3a.access.key"));
    assertNull(hadoop.get("fs.s3a.secret.key"));

    SparkSessions.applyHadoop(hadoop, new SparkConf(false),
        withS3(new JobConfig.S3Settings(Optional.of("http://127.0.0.1:9000"), Optional.of("ak"), Optional.of("sk"), true)));
    assertEquals("http://127.0.0.1:9000", hadoop.get("fs.s3a.endpoint"));
    assertEquals("false", hadoop.get("fs.s3a.connection.ssl.enabled"));
    assertEquals("true", hadoop.get("fs.s3a.path.style.access"));
    assertEquals("ak", hadoop.get("fs.s3a.access.key"));
    assertEquals("sk", hadoop.get("fs.s3a.secret.key"));
  }
}
