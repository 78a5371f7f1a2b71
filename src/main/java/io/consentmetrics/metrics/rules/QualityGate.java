package io.consentmetrics.metrics.rules;

import io.consentmetrics.config.JobConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * SPEC rule 9: a broken feed must not replace the dashboard. Checked after validation and before
 * anything is published; a failure names the measured value and the threshold.
 */
public record QualityGate(double maxRejectedShare, long minEvents) {

  public static QualityGate of(JobConfig.Safeguards safeguards) {
    return new QualityGate(safeguards.maxRejectedShare(), safeguards.minEvents());
  }

  /** Why the run must not publish, or empty when it may. */
  public Optional<String> failure(long linesRead, long rejected, long eventsCounted) {
    double share = linesRead == 0 ? 0 : (double) rejected / linesRead;
    if (share > maxRejectedShare) {
      return Optional.of(String.format(Locale.ROOT,
          "quality gate: %s of the lines read were rejected (%d of %d), more than max-rejected-share %s;"
              + " nothing was published (see rejected/)",
          percent(share), rejected, linesRead, plain(maxRejectedShare)));
    }
    if (eventsCounted < minEvents) {
      return Optional.of(String.format(Locale.ROOT,
          "quality gate: %d events counted, fewer than min-events %d; nothing was published",
          eventsCounted, minEvents));
    }
    return Optional.empty();
  }

  private static String percent(double share) {
    return plain(Math.round(share * 10_000) / 100.0) + "%";
  }

  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
