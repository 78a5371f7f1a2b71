package io.consentmetrics.jobs.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.consentmetrics.jobs.metrics.Consent.TokenStatus;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * One line of input read in one streaming pass into the few fields the job needs (SPEC rules 1, 2,
 * 3 and 5): everything else in the line is skipped, and the consent token is judged on the way, so
 * neither the line nor the token has to travel further.
 *
 * <p>Strict JSON (RFC 8259) is Jackson's default: double-quoted names and strings, no comments,
 * no trailing commas, only JSON whitespace between tokens. On top of it: exactly one object per
 * line, and no name twice in an object (which copy would count is undefined, so the line is
 * rejected rather than guessed).
 */
public record EventLine(
    RejectReason rejectReason,
    String id,
    Long eventTimeMicros,
    boolean hasInvalidDatetime,
    String type,
    String domain,
    String country,
    String userId,
    TokenStatus tokenStatus) {

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final EventLine MALFORMED = rejected(RejectReason.MALFORMED_JSON);

  public static EventLine rejected(RejectReason reason) {
    return new EventLine(reason, null, null, false, null, null, null, null, null);
  }

  public boolean isRejected() {
    return rejectReason != null;
  }

  public static EventLine parse(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      return parse(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen when parsing in memory
    }
  }

  /** A line as UTF-8 bytes, the form it is read in. */
  public static EventLine parse(byte[] line) {
    if (line.length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
      return MALFORMED; // Jackson would skip it; the contract allows it at the start of a file only
    }
    try (JsonParser p = JSON.createParser(line)) {
      return parse(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen when parsing in memory
    }
  }

  private static EventLine parse(JsonParser p) throws IOException {
    try {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return MALFORMED;
      }
      Fields f = new Fields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case Columns.ID -> f.id(p, value);
          case Columns.DATETIME -> f.datetime(p, value);
          case Columns.TYPE -> f.type = value == JsonToken.VALUE_STRING ? p.getText() : skipped(p);
          case Columns.DOMAIN -> f.domain = asText(p, value);
          case Columns.USER -> f.user(p, value);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        return MALFORMED; // a second value after the object
      }
      return f.toEventLine();
    } catch (JsonProcessingException | CharConversionException e) { // CharConversion: not UTF-8
      return MALFORMED;
    }
  }

  /** The fields as they are met; JSON does not fix their order. */
  private static final class Fields {
    RejectReason idProblem = RejectReason.MISSING_ID;
    String id;
    Long eventTimeMicros;
    boolean hasInvalidDatetime;
    String type;
    String domain;
    String country;
    String userId;
    TokenStatus token = TokenStatus.ABSENT;

    void id(JsonParser p, JsonToken value) throws IOException {
      id = null;
      if (value == JsonToken.VALUE_NULL) {
        idProblem = RejectReason.MISSING_ID;
      } else if (value != JsonToken.VALUE_STRING) {
        idProblem = RejectReason.INVALID_ID;
        p.skipChildren();
      } else if (p.getText().isEmpty()) {
        idProblem = RejectReason.MISSING_ID;
      } else if (p.getText().isBlank()) {
        idProblem = RejectReason.INVALID_ID;
      } else {
        idProblem = null;
        id = p.getText();
      }
    }

    /** An unreadable datetime counts as missing (the event still counts), and is counted. */
    void datetime(JsonParser p, JsonToken value) throws IOException {
      eventTimeMicros = value == JsonToken.VALUE_STRING ? EventTime.toMicros(p.getText()) : null;
      hasInvalidDatetime = value != JsonToken.VALUE_NULL && eventTimeMicros == null;
      p.skipChildren();
    }

    /** A {@code user} that is not an object is kept as an event without user fields. */
    void user(JsonParser p, JsonToken value) throws IOException {
      if (value != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case Columns.ID -> userId = asText(p, v);
          case Columns.COUNTRY -> country = asText(p, v);
          case Columns.TOKEN -> token = tokenStatus(p, v);
          default -> p.skipChildren();
        }
      }
    }

    EventLine toEventLine() {
      if (idProblem != null) {
        return rejected(idProblem);
      }
      return new EventLine(
          null, id, eventTimeMicros, hasInvalidDatetime, type, domain, country, userId, token);
    }
  }

  /**
   * A token is a JSON document inside a string; one written as an object is judged on its content,
   * and any other value (a number, an array) is invalid.
   */
  private static TokenStatus tokenStatus(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_NULL -> TokenStatus.ABSENT;
      case VALUE_STRING -> Consent.statusOf(p.getText());
      case START_OBJECT -> Consent.statusOfObject(p);
      default -> {
        p.skipChildren();
        yield TokenStatus.INVALID;
      }
    };
  }

  /**
   * A dimension as given: a string as itself, null as a missing value, and any other JSON value as
   * its JSON text (so {@code 123} and {@code "123"} fall in the same group, as a reader would expect).
   */
  private static String asText(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value.isScalarValue()) {
      return p.getText();
    }
    StringWriter json = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(json)) {
      g.copyCurrentStructure(p);
    }
    return json.toString();
  }

  private static String skipped(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }
}
