package io.consentmetrics.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobConfigTest {

  @Test
  void defaultsPointAtTheInterviewChallengeBucket() {
    JobConfig config = JobConfig.load(Map.of());
    assertEquals("s3a://interview-challenge/data/events", config.input());
    assertEquals("s3a://interview-challenge/data/metrics", config.output());
    assertEquals(
        Optional.of("s3a://interview-challenge/data/config/metrics-job.json"), config.jobConfigFile());
    assertEquals("directory", config.hadoop().get("fs.s3a.committer.name"));
  }

  @Test
  void theCommandLineWinsOverTheJobFileWhichWinsOverTheDefaults() {
    Config file = JobConfigFile.parse("test.json", "{\"input\": \"/from-file\", \"output\": \"/out-from-file\", \"shuffle-partitions\": 3}");
    JobConfig config = JobConfig.load(Map.of(JobConfig.INPUT, "/from-cli"), file);
    assertEquals("/from-cli", config.input());
    assertEquals("/out-from-file", config.output());
    assertEquals(3, config.shufflePartitions());
  }

  @Test
  void theReportIsOnByDefaultAndTheJobFileOrCommandLineCanTurnItOff() {
    assertTrue(JobConfig.load(Map.of()).report());
    assertFalse(JobConfig.load(Map.of(), JobConfigFile.parse("test.json", "{\"report\": false}")).report());
    assertFalse(JobConfig.load(Map.of(JobConfig.REPORT, "false")).report());
  }

  @Test
  void anInvalidJobFileIsAClearFailure() {
    JobFailure failure = assertThrows(JobFailure.class, () -> JobConfigFile.parse("s3a://b/c.json", "{\"input\": "));
    assertTrue(failure.getMessage().startsWith("invalid config file s3a://b/c.json"), failure.getMessage());
  }

  @Test
  void theSecretKeyNeverShowsInTheSettingsText() {
    JobConfig.S3Settings s3 =
        new JobConfig.S3Settings(Optional.of("http://127.0.0.1:9000"), Optional.of("AKIA"), Optional.of("s3cr3t-value"), true);
    assertFalse(s3.toString().contains("s3cr3t-value"), s3.toString());
    JobConfig config = JobConfig.load(Map.of());
    JobConfig withSecret =
        new JobConfig(config.input(), config.output(), config.jobConfigFile(), 1, s3, config.hadoop(), Optional.empty(), true);
    assertFalse(withSecret.toString().contains("s3cr3t-value"));
  }
}
