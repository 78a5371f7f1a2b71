package io.consentmetrics.metrics.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.metrics.rules.Accounting;
import io.consentmetrics.metrics.rules.RejectReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The summary's JSON is a contract read by dashboards, CI and the README: its keys, their order,
 * the pretty-printing and the number formats are pinned on a summary of fixed, all-different values
 * (so a swapped pair of counts shows).
 */
class RunSummaryTest {
  private static RunSummary summary(RunSummary.Published published, RunSummary.Outcome outcome) {
    Map<String, Long> durations = new LinkedHashMap<>();
    durations.put("list_input", 11L);
    durations.put("compute", 12L);
    durations.put("total", 23L);
    return new RunSummary(
        "20210123T090507.123Z-4f2a",
        new RunSummary.Input("s3a://b/data/events", 15, 16_000_000_000L),
        "s3a://b/data/metrics",
        new Accounting.Counts(100,
            Map.of(RejectReason.INVALID_ID, 4L, RejectReason.MALFORMED_JSON, 2L, RejectReason.MISSING_ID, 3L),
            5, 6, 80, 7, 8, 9),
        published,
        durations,
        outcome);
  }

  private static final RunSummary SUCCEEDED = summary(new RunSummary.Published(10, "ab12"),
      new RunSummary.Outcome(RunSummary.Outcome.SUCCEEDED, null, 13, "20210123T080000.000Z-0001", 14, null))
      .withRecomputedHours(Map.of("2021-01-23-12", "it shares ids with 2021-01-23-11"));

  @Test
  void theKeysComeInThePublishedOrder() throws Exception {
    List<String> keys = new ArrayList<>();
    collectKeys(new ObjectMapper().readTree(SUCCEEDED.toJson()), "", keys);
    assertEquals(List.of("run_id", "input", "output", "input_files", "input_bytes", "lines_read", "rejected",
        "rejected_by_reason", "rejected_by_reason.malformed_json", "rejected_by_reason.missing_id",
        "rejected_by_reason.invalid_id", "duplicates", "unknown_type", "events_counted", "invalid_token",
        "invalid_datetime", "late_events", "groups_written", "metrics_sha256", "recomputed_hours",
        "recomputed_hours.2021-01-23-12", "durations_ms",
        "durations_ms.list_input", "durations_ms.compute", "durations_ms.total", "status", "failure",
        "current_hours", "lease_taken_over_from", "leftovers_removed", "report_error"), keys);
  }

  @Test
  void aSucceededSummaryIsPrintedExactlyAsPublished() {
    assertEquals("""
        {
          "run_id" : "20210123T090507.123Z-4f2a",
          "input" : "s3a://b/data/events",
          "output" : "s3a://b/data/metrics",
          "input_files" : 15,
          "input_bytes" : 16000000000,
          "lines_read" : 100,
          "rejected" : 9,
          "rejected_by_reason" : {
            "malformed_json" : 2,
            "missing_id" : 3,
            "invalid_id" : 4
          },
          "duplicates" : 5,
          "unknown_type" : 6,
          "events_counted" : 80,
          "invalid_token" : 7,
          "invalid_datetime" : 8,
          "late_events" : 9,
          "groups_written" : 10,
          "metrics_sha256" : "ab12",
          "recomputed_hours" : {
            "2021-01-23-12" : "it shares ids with 2021-01-23-11"
          },
          "durations_ms" : {
            "list_input" : 11,
            "compute" : 12,
            "total" : 23
          },
          "status" : "succeeded",
          "failure" : null,
          "current_hours" : 13,
          "lease_taken_over_from" : "20210123T080000.000Z-0001",
          "leftovers_removed" : 14,
          "report_error" : null
        }""", SUCCEEDED.toJson());
  }

  @Test
  void aFailedSummaryWritesItsMissingValuesAsNull() throws Exception {
    RunSummary failed = summary(RunSummary.Published.NOTHING,
        new RunSummary.Outcome(RunSummary.Outcome.FAILED, "quality gate: …", 0, null, 0, null));
    JsonNode json = new ObjectMapper().readTree(failed.toJson());
    assertEquals("{\"groups_written\":0,\"metrics_sha256\":null,\"status\":\"failed\",\"failure\":\"quality gate: …\","
            + "\"current_hours\":0,\"lease_taken_over_from\":null,\"leftovers_removed\":0}",
        select(json, "groups_written", "metrics_sha256", "status", "failure", "current_hours",
            "lease_taken_over_from", "leftovers_removed"));
  }

  private static void collectKeys(JsonNode node, String prefix, List<String> keys) {
    node.fieldNames().forEachRemaining(name -> {
      keys.add(prefix + name);
      if (node.get(name).isObject()) {
        collectKeys(node.get(name), prefix + name + ".", keys);
      }
    });
  }

  /** The named keys of {@code json} as compact JSON; a key it lacks shows as {@code "(absent)"}. */
  private static String select(JsonNode json, String... keys) {
    ObjectMapper mapper = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode out = mapper.createObjectNode();
    for (String key : keys) {
      out.set(key, json.has(key) ? json.get(key) : out.textNode("(absent)"));
    }
    return out.toString();
  }
}
