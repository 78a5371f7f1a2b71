package io.consentmetrics.jobs.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run read, rejected, counted and wrote; published as JSON next to the outputs. */
public record RunSummary(
    String runId,
    String input,
    String output,
    int inputFiles,
    long inputBytes,
    long linesRead,
    long rejectedMalformedJson,
    long rejectedMissingId,
    long duplicates,
    long unknownType,
    long eventsCounted,
    long invalidToken,
    long lateEvents,
    long groupsWritten,
    String metricsSha256,
    Map<String, Long> durationsMs,
    Outcome outcome) {

  /**
   * How the run ended and what it published: {@code status} is {@code succeeded} or {@code failed}
   * (a quality gate that did not pass; {@code failure} says why); {@code currentHours} is how many
   * datehours {@code current/} holds after the run; the lease of a killed run it took over, if
   * any; how many leftovers of killed runs it removed.
   */
  public record Outcome(
      String status, String failure, long currentHours, String leaseTakenOverFrom, int leftoversRemoved) {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
  }

  /** A successful run's summary, without the outcome details. */
  public RunSummary(
      String runId, String input, String output, int inputFiles, long inputBytes, long linesRead,
      long rejectedMalformedJson, long rejectedMissingId, long duplicates, long unknownType, long eventsCounted,
      long invalidToken, long lateEvents, long groupsWritten, String metricsSha256, Map<String, Long> durationsMs) {
    this(runId, input, output, inputFiles, inputBytes, linesRead, rejectedMalformedJson, rejectedMissingId,
        duplicates, unknownType, eventsCounted, invalidToken, lateEvents, groupsWritten, metricsSha256, durationsMs,
        new Outcome(Outcome.SUCCEEDED, null, 0, null, 0));
  }

  /** This summary with {@code newOutcome}. */
  public RunSummary withOutcome(Outcome newOutcome) {
    return new RunSummary(runId, input, output, inputFiles, inputBytes, linesRead, rejectedMalformedJson,
        rejectedMissingId, duplicates, unknownType, eventsCounted, invalidToken, lateEvents, groupsWritten,
        metricsSha256, durationsMs, newOutcome);
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public long rejected() {
    return rejectedMalformedJson + rejectedMissingId;
  }

  public String toJson() {
    Map<String, Object> rejectedByReason = new LinkedHashMap<>();
    rejectedByReason.put(Validation.MALFORMED_JSON, rejectedMalformedJson);
    rejectedByReason.put(Validation.MISSING_ID, rejectedMissingId);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run_id", runId);
    out.put("input", input);
    out.put("output", output);
    out.put("input_files", inputFiles);
    out.put("input_bytes", inputBytes);
    out.put(Accounting.LINES_READ, linesRead);
    out.put("rejected", rejected());
    out.put("rejected_by_reason", rejectedByReason);
    out.put("duplicates", duplicates);
    out.put(Accounting.UNKNOWN_TYPE, unknownType);
    out.put(Accounting.EVENTS_COUNTED, eventsCounted);
    out.put(Accounting.INVALID_TOKEN, invalidToken);
    out.put(Accounting.LATE_EVENTS, lateEvents);
    out.put("groups_written", groupsWritten);
    out.put("metrics_sha256", metricsSha256);
    out.put("durations_ms", durationsMs);
    out.put("status", outcome.status());
    out.put("failure", outcome.failure());
    out.put("current_hours", outcome.currentHours());
    out.put("lease_taken_over_from", outcome.leaseTakenOverFrom());
    out.put("leftovers_removed", outcome.leftoversRemoved());
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
