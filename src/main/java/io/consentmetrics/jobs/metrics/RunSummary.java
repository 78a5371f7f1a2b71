package io.consentmetrics.jobs.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run read, rejected, counted and wrote; published as JSON next to the outputs. Built from a
 * few named parts, so that no two counts can be swapped by position.
 */
public record RunSummary(
    String runId, Input input, String output, Accounting.Counts counts, Published published,
    Map<String, Long> durationsMs, Outcome outcome) {

  /** Where the run read, and how much. */
  public record Input(String location, int files, long bytes) {}

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

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The same summary with other step durations (a step that ran after it was first built). */
  public RunSummary withDurationsMs(Map<String, Long> durations) {
    return new RunSummary(runId, input, output, counts, published, durations, outcome);
  }

  /**
   * The summary's JSON. The keys are a published contract (README, dashboards, CI), kept flat and in
   * this order; {@code rejected} is the sum of {@code rejected_by_reason}.
   */
  public String toJson() {
    Map<String, Object> rejectedByReason = new LinkedHashMap<>();
    for (RejectReason reason : RejectReason.values()) {
      rejectedByReason.put(reason.label(), counts.rejectedByReason().get(reason));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run_id", runId);
    out.put("input", input.location());
    out.put("output", output);
    out.put("input_files", input.files());
    out.put("input_bytes", input.bytes());
    out.put(Accounting.LINES_READ, counts.linesRead());
    out.put("rejected", counts.rejected());
    out.put("rejected_by_reason", rejectedByReason);
    out.put(Accounting.DUPLICATES, counts.duplicates());
    out.put(Accounting.UNKNOWN_TYPE, counts.unknownType());
    out.put(Accounting.EVENTS_COUNTED, counts.eventsCounted());
    out.put(Accounting.INVALID_TOKEN, counts.invalidToken());
    out.put(Accounting.INVALID_DATETIME, counts.invalidDatetime());
    out.put(Accounting.LATE_EVENTS, counts.lateEvents());
    out.put("groups_written", published.groupsWritten());
    out.put("metrics_sha256", published.metricsSha256());
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
