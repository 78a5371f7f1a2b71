package io.consentmetrics.metrics.publish;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.consentmetrics.metrics.rules.Accounting;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What a run read, rejected, counted and wrote; published as JSON next to the outputs. Built from a
 * few named parts, so that no two counts can be swapped by position.
 *
 * <p>The JSON is a published contract (README, dashboards, CI): flat, keys in snake case, in a fixed
 * order. Jackson derives each key from its Java name ({@code linesRead} → {@code lines_read}), so
 * a key cannot drift from the field it shows; the nested parts are unwrapped into the top level, and
 * {@link JsonPropertyOrder} fixes the order. The input's three keys sit around {@code output}, so
 * they come from accessors rather than an unwrapped {@link Input}. Pinned by {@code RunSummaryTest}.
 */
@JsonPropertyOrder({
  "run_id", "input", "output", "input_files", "input_bytes", "counts", "published", "recomputed_hours", "durations_ms",
  "outcome", "current_totals"
})
public record RunSummary(
    String runId,
    @JsonIgnore Input input,
    String output,
    @JsonUnwrapped Accounting.Counts counts,
    @JsonUnwrapped Published published,
    Map<String, String> recomputedHours,
    Map<String, Long> durationsMs,
    @JsonUnwrapped Outcome outcome,
    @JsonInclude(JsonInclude.Include.NON_NULL) CurrentTotals currentTotals) {

  /**
   * The headline numbers of {@code current/} after the run (all its hours, not only the run's), as
   * the report shows them; the next run's report compares its own with these. {@code users} is the
   * sum of the groups' distinct users, as the groups count them.
   */
  public record CurrentTotals(
      long events, long pageviews, long pageviewsWithConsent, long consentsAsked, long consentsGiven, long users) {}

  /**
   * A summary without recomputed hours (a full run, or an incremental run that reached no later
   * hour) and without {@link CurrentTotals} (a run that wrote no report, or failed before).
   */
  public RunSummary(String runId, Input input, String output, Accounting.Counts counts, Published published,
      Map<String, Long> durationsMs, Outcome outcome) {
    this(runId, input, output, counts, published, Map.of(), durationsMs, outcome, null);
  }

  /** Where the run read, and how much. */
  public record Input(String location, int files, long bytes) {}

  /** The same summary naming the later hours the run recomputed, each with the reason. */
  public RunSummary withRecomputedHours(Map<String, String> hours) {
    return new RunSummary(runId, input, output, counts, published, hours, durationsMs, outcome, currentTotals);
  }

  /** What the run published: the groups of current/ and its hash (null when nothing was published). */
  public record Published(long groupsWritten, String metricsSha256) {
    public static final Published NOTHING = new Published(0, null);
  }

  /**
   * How the run ended, and what it found of earlier runs. {@code reportError}: why the HTML report
   * could not be written, after {@code current/} was published (the run still succeeded), or null.
   */
  public record Outcome(
      String status, String failure, long currentHours, String leaseTakenOverFrom, int leftoversRemoved,
      String reportError) {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
  }

  /** Pretty-printed, snake-case keys; nulls written (a {@code "failure" : null} says there was none). */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** The same summary with other step durations (a step that ran after it was first built). */
  public RunSummary withDurationsMs(Map<String, Long> durations) {
    return new RunSummary(runId, input, output, counts, published, recomputedHours, durations, outcome, currentTotals);
  }

  /** The same summary with the headline numbers of {@code current/} the report showed. */
  public RunSummary withCurrentTotals(CurrentTotals totals) {
    return new RunSummary(runId, input, output, counts, published, recomputedHours, durationsMs, outcome, totals);
  }

  /** The same summary noting why the report could not be written. */
  public RunSummary withReportError(String reportError) {
    return new RunSummary(runId, input, output, counts, published, recomputedHours, durationsMs,
        new Outcome(outcome.status(), outcome.failure(), outcome.currentHours(), outcome.leaseTakenOverFrom(),
            outcome.leftoversRemoved(), reportError), currentTotals);
  }

  @JsonProperty("input")
  String inputLocation() {
    return input.location();
  }

  @JsonProperty("input_files")
  int inputFiles() {
    return input.files();
  }

  @JsonProperty("input_bytes")
  long inputBytes() {
    return input.bytes();
  }

  /** The summary's JSON; {@code rejected} is the sum of {@code rejected_by_reason}. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
