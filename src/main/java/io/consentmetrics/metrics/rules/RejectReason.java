package io.consentmetrics.metrics.rules;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a line was rejected (SPEC rules 1 and 2); {@link #label()} is how rejected/ and the summary name it. */
public enum RejectReason {
  /** Not exactly one strict JSON object on the line. */
  MALFORMED_JSON("malformed_json"),
  /** {@code id} absent, null or the empty string. */
  MISSING_ID("missing_id"),
  /** {@code id} present but not a usable string: a number, boolean, object, array, or only whitespace. */
  INVALID_ID("invalid_id"),
  /** Longer than the setting {@code max-line-bytes}: not parsed, only its first kilobytes kept. */
  LINE_TOO_LONG("line_too_long");

  private final String label;

  RejectReason(String label) {
    this.label = label;
  }

  @JsonValue
  public String label() {
    return label;
  }
}
