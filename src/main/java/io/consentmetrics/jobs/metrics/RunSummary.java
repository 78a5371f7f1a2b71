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
    Accounting.Counts counts,
    long groupsWritten,
    String metricsSha256,
    Map<String, Long> durationsMs) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The same summary with other step durations (a step that ran after it was first built). */
  public RunSummary withDurationsMs(Map<String, Long> durations) {
    return new RunSummary(runId, input, output, inputFiles, inputBytes, counts, groupsWritten, metricsSha256, durations);
  }

  public String toJson() {
    Map<String, Object> rejectedByReason = new LinkedHashMap<>();
    for (RejectReason reason : RejectReason.values()) {
      rejectedByReason.put(reason.label(), counts.rejectedByReason().get(reason));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run_id", runId);
    out.put("input", input);
    out.put("output", output);
    out.put("input_files", inputFiles);
    out.put("input_bytes", inputBytes);
    out.put(Accounting.LINES_READ, counts.linesRead());
    out.put("rejected", counts.rejected());
    out.put("rejected_by_reason", rejectedByReason);
    out.put(Accounting.DUPLICATES, counts.duplicates());
    out.put(Accounting.UNKNOWN_TYPE, counts.unknownType());
    out.put(Accounting.EVENTS_COUNTED, counts.eventsCounted());
    out.put(Accounting.INVALID_TOKEN, counts.invalidToken());
    out.put(Accounting.INVALID_DATETIME, counts.invalidDatetime());
    out.put(Accounting.LATE_EVENTS, counts.lateEvents());
    out.put("groups_written", groupsWritten);
    out.put("metrics_sha256", metricsSha256);
    out.put("durations_ms", durationsMs);
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
