package io.consentmetrics.metrics.publish;

/**
 * Named points of the publish path where a test stops this process dead, to prove that a kill
 * there leaves {@code current/metrics.csv} complete. With {@code -D}{@value #PROPERTY}{@code =<point>},
 * reaching that point halts the JVM at once with {@code Runtime.halt(137)}: no shutdown hook, no
 * {@code finally} block and no buffered write runs, as under SIGKILL. Without the property (always,
 * outside tests) a point is one property lookup and nothing else.
 *
 * <p>Why in main code: a kill must land between two particular steps (after the staged CSV is
 * complete, just before the rename, just after it), which a signal sent from outside cannot hit
 * reliably in a publish that takes milliseconds. Tested by {@code it/PublishKillTest}.
 */
public final class HaltPoints {
  /** The system property that names the point to halt at. */
  public static final String PROPERTY = "consent-metrics.test.halt-at";
  /** The new CSV is complete in the run's staging folder; {@code current/} not touched yet. */
  public static final String CSV_STAGED = "csv-staged";
  /** In a local move, the target's folder made, just before the one {@code rename(2)}. */
  public static final String LOCAL_RENAME = "local-rename";
  /** The new CSV renamed over {@code current/metrics.csv}; the staging folder not removed yet. */
  public static final String CSV_RENAMED = "csv-renamed";
  /** The run's hours replaced in the dedup index {@code ids/}; {@code table/} not written yet. */
  public static final String INDEX_WRITTEN = "index-written";
  /** The exit status of a halt: that of a process killed by SIGKILL (128 + 9). */
  public static final int STATUS = 137;

  private HaltPoints() {}

  /** Halts the JVM if the test asked to halt at {@code point}. */
  public static void reached(String point) {
    if (point.equals(System.getProperty(PROPERTY))) {
      Runtime.getRuntime().halt(STATUS);
    }
  }
}
