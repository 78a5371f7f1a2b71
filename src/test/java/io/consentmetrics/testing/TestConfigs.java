package io.consentmetrics.testing;

import io.consentmetrics.config.JobConfig;

/** Job settings a test needs that no configuration layer gives it, such as S3 keys it must not read from the environment. */
public final class TestConfigs {
  private TestConfigs() {}

  /** {@code base} with the S3 settings {@code s3}: the one place tests build a {@link JobConfig} field by field. */
  public static JobConfig withS3(JobConfig base, JobConfig.S3Settings s3) {
    return new JobConfig(base.input(), base.output(), base.jobConfigFile(), base.shufflePartitions(), s3,
        base.hadoop(), base.hours(), base.safeguards(), base.report(), base.dedupHorizon(), base.maxLineBytes());
  }
}
