package io.consentmetrics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.consentmetrics.metrics.JobFailure;
import io.consentmetrics.testing.TestConfigs;
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
    JobConfig withSecret = TestConfigs.withS3(config, s3);
    assertFalse(withSecret.toString().contains("s3cr3t-value"));
  }

  @Test
  void toWithoutFromIsCheckedOnceAndNamesTheFlag() {
    InvalidSetting e = assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(JobConfig.TO, "2021-01-23-10")));
    assertEquals("--to needs --from", e.getMessage());
    assertTrue(e.onCommandLine());
  }

  @Test
  void errorsAboutValuesFromTheConfigFileNameTheKeyAndTheFile() {
    Config file = JobConfigFile.parse("s3a://b/job.json", "{\"from\": \"2021-01-23-12\", \"to\": \"2021-01-23-10\"}");
    InvalidSetting e = assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(), file));
    assertEquals("'to' in config file s3a://b/job.json 2021-01-23-10 is before 'from' in config file s3a://b/job.json 2021-01-23-12",
        e.getMessage());
    assertFalse(e.onCommandLine());
    Config onlyTo = JobConfigFile.parse("s3a://b/job.json", "{\"to\": \"2021-01-23-10\"}");
    assertEquals("'to' in config file s3a://b/job.json needs 'from'",
        assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(), onlyTo)).getMessage());
    Config share = JobConfigFile.parse("s3a://b/job.json", "{\"max-rejected-share\": 2}");
    assertEquals("'max-rejected-share' in config file s3a://b/job.json must be a number from 0 to 1",
        assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(), share)).getMessage());
  }

  @Test
  void theQualityGateAndLeaseSettingsHaveDefaultsAndFlags() {
    JobConfig.Safeguards defaults = JobConfig.load(Map.of()).safeguards();
    assertEquals(new JobConfig.Safeguards(0.1, 1, java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(2)), defaults);
    JobConfig.Safeguards set =
        JobConfig.load(Map.of(JobConfig.MAX_REJECTED_SHARE, "0.5", JobConfig.MIN_EVENTS, "0")).safeguards();
    assertEquals(0.5, set.maxRejectedShare());
    assertEquals(0, set.minEvents());
    InvalidSetting e = assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(JobConfig.MIN_EVENTS, "-1")));
    assertEquals("--min-events must be a whole number, 0 or more", e.getMessage());
    assertTrue(e.onCommandLine());
  }

  @Test
  void aLeaseMaxAgeOfZeroOrLessIsRefusedNamingTheKeyAndTheFile() {
    for (String age : new String[] {"-1h", "-5m", "0s"}) {
      Config file = JobConfigFile.parse("s3a://b/job.json", "{\"lease-max-age\": \"" + age + "\"}");
      InvalidSetting e = assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(), file), age);
      assertEquals("'lease-max-age' in config file s3a://b/job.json must be a duration above 0 such as 90s, 30m or 2h",
          e.getMessage());
      assertFalse(e.onCommandLine());
    }
  }

  @Test
  void aNegativeLeaseSettleIsRefusedAndZeroMeansNoWait() {
    Config file = JobConfigFile.parse("s3a://b/job.json", "{\"lease-settle\": \"-2s\"}");
    assertEquals("'lease-settle' in config file s3a://b/job.json must be a duration of 0 or more such as 90s, 30m or 2h",
        assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(), file)).getMessage());
    Config zero = JobConfigFile.parse("s3a://b/job.json", "{\"lease-settle\": \"0s\"}");
    assertEquals(java.time.Duration.ZERO, JobConfig.load(Map.of(), zero).safeguards().leaseSettle());
  }

  @Test
  void aConfigFileSyntaxErrorNamesTheLineButNeverTheTokenFound() {
    JobFailure failure = assertThrows(JobFailure.class,
        () -> JobConfigFile.parse("s3a://b/c.json", "{\"s3\": {\n \"secret-key\": ZQX9secretValue}}"));
    assertEquals("invalid config file s3a://b/c.json: not valid JSON (line 2)", failure.getMessage());
    assertFalse(failure.getMessage().contains("ZQX9"));
    assertEquals(null, failure.getCause(), "no cause that would carry the parser's message");
  }

  @Test
  void aMisspeltKeyInTheConfigFileFailsNamingItAndTheKeyItIsClosestTo() {
    JobFailure failure = assertThrows(JobFailure.class,
        () -> JobConfigFile.parse("s3a://b/job.json", "{\"max-rejected-shares\": 0.5}"));
    assertEquals("invalid config file s3a://b/job.json: unknown setting max-rejected-shares"
        + " (did you mean max-rejected-share?)", failure.getMessage());
  }

  @Test
  void everyDefaultSettingAndAnyHadoopSettingIsKnownInTheConfigFile() {
    Config file = JobConfigFile.parse("s3a://b/job.json", "{\"s3\": {\"endpoint\": \"http://127.0.0.1:9000\","
        + " \"path-style-access\": true}, \"lease-max-age\": \"2h\", \"hadoop\": {\"fs.s3a.anything.new\": 1}}");
    assertEquals("http://127.0.0.1:9000", file.getString("s3.endpoint"));
  }

  @Test
  void anUnknownNestedKeyIsNamedByItsPath() {
    assertEquals("invalid config file f.json: unknown setting s3.endpiont (did you mean s3.endpoint?)",
        assertThrows(JobFailure.class, () -> JobConfigFile.parse("f.json", "{\"s3\": {\"endpiont\": \"x\"}}"))
            .getMessage());
  }

  @Test
  void theDedupHorizonIsSevenDaysByDefaultAndTakesHoursOrADuration() {
    assertEquals(java.time.Duration.ofHours(168), JobConfig.load(Map.of()).dedupHorizon());
    assertEquals(java.time.Duration.ofHours(168), JobConfig.load(Map.of(JobConfig.DEDUP_HORIZON, "168")).dedupHorizon());
    assertEquals(java.time.Duration.ofHours(168), JobConfig.load(Map.of(JobConfig.DEDUP_HORIZON, "7d")).dedupHorizon());
    assertEquals(java.time.Duration.ofHours(2), JobConfig.load(Map.of(JobConfig.DEDUP_HORIZON, "2h")).dedupHorizon());
    assertEquals(java.time.Duration.ofHours(1), JobConfig.load(Map.of(JobConfig.DEDUP_HORIZON, "90m")).dedupHorizon(),
        "folders lie whole hours apart");
    for (String bad : java.util.List.of("-1h", "soon")) {
      InvalidSetting e = assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(JobConfig.DEDUP_HORIZON, bad)));
      assertEquals("--dedup-horizon must be hours (168) or a duration such as 168h or 7d", e.getMessage());
    }
  }

  @Test
  void theLineLimitIs64MiBByDefaultTakesASizeAndIsRangeChecked() {
    assertEquals(64L << 20, JobConfig.load(Map.of()).maxLineBytes());
    assertEquals(1L << 30, JobConfig.load(Map.of(JobConfig.MAX_LINE_BYTES, "1GiB")).maxLineBytes());
    assertEquals(1, JobConfig.load(Map.of(JobConfig.MAX_LINE_BYTES, "1")).maxLineBytes());
    for (String bad : java.util.List.of("0", "-1", "1025MiB", "big")) {
      InvalidSetting e = assertThrows(InvalidSetting.class, () -> JobConfig.load(Map.of(JobConfig.MAX_LINE_BYTES, bad)), bad);
      assertEquals("--max-line-bytes must be a size from 1 byte to 1GiB such as 64MiB", e.getMessage());
    }
  }
}
