package io.consentmetrics.metrics.publish;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
  "outcome"
})
public record RunSummary(
    String runId,
    @JsonIgnore Input input,
    String output,
    @JsonUnwrapped Accounting.Counts counts,
    @JsonUnwrapped Published published,
    Map<String, String> recomputedHours,
    Map<String, Long> durationsMs,
    @JsonUnwrapped Outcome outcome) {

  /** A summary without recomputed hours (a full run, or an incremental run that reached no later hour). */
  public RunSummary(String runId, Input input, String output, Accounting.Counts counts, Published published,
      Map<String, Long> durationsMs, Outcome outcome) {
    this(runId, input, output, counts, published, Map.of(), durationsMs, outcome);
  }

  /** Where the run read, and how much. */
  public record Input(String location, int files, long bytes) {}

  /** The same summary naming the later hours the run recomputed, each with the reason. */
  public RunSummary withRecomputedHours(Map<String, String> hours) {
    return new RunSummary(runId, input, output, counts, published, hours, durationsMs, outcome);
  }

  /** What the run published: the groups of current/ and its hash (null when nothing was published). */
  public record Published(long groupsWritten, String metricsSha256) {
    public static final Published NOTHING = new Published(0, null);
  }

  /** How the run ended, and what it found of earlier runs. */
  public record Outcome(
      String status, String failure, long currentHours, String leaseTakenOverFrom, int leftoversRemoved) {
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
    return new RunSummary(runId, input, output, counts, published, recomputedHours, durations, outcome);
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
