package io.consentmetrics.metrics.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.rules.Consent.TokenStatus;
import io.consentmetrics.metrics.rules.Consent;
import io.consentmetrics.metrics.rules.RejectReason;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;

/**
 * One line of input read in one streaming pass into the few fields the job needs (SPEC rules 1, 2,
 * 3 and 5): everything else in the line is skipped, and the consent token is judged on the way, so
 * neither the line nor the token has to travel further.
 *
 * <p>Strict JSON (RFC 8259) is Jackson's default: double-quoted names and strings, no comments,
 * no trailing commas, only JSON whitespace between tokens. On top of it: exactly one object per
 * line, and no name twice in an object (which copy would count is undefined, so the line is
 * rejected rather than guessed). Names are checked here ({@link JsonNames}) rather than with
 * Jackson's {@code STRICT_DUPLICATE_DETECTION}, which builds a hash set for every object of three or more
 * names: two per line, the largest source of garbage in the read.
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

  private static final JsonFactory JSON = new JsonFactory();

  private static final EventLine MALFORMED = rejected(RejectReason.MALFORMED_JSON);

  public static EventLine rejected(RejectReason reason) {
    return new EventLine(reason, null, null, false, null, null, null, null, null);
  }

  public boolean isRejected() {
    return rejectReason != null;
  }

  /** A line as {@code length} UTF-8 bytes at {@code offset} of a buffer (the reader's, reused). */
  public static EventLine parse(byte[] buffer, int offset, int length) {
    if (length >= 3 && buffer[offset] == (byte) 0xEF && buffer[offset + 1] == (byte) 0xBB
        && buffer[offset + 2] == (byte) 0xBF) {
      return MALFORMED; // Jackson would skip it; the contract allows it at the start of a file only
    }
    try (JsonParser p = JSON.createParser(buffer, offset, length)) {
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
      JsonNames names = new JsonNames();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = names.add(p.getCurrentName());
        JsonToken value = p.nextToken();
        switch (name) {
          case Columns.ID -> f.id(p, value);
          case Columns.DATETIME -> f.datetime(p, value);
          case Columns.TYPE -> f.type = value == JsonToken.VALUE_STRING ? p.getText() : skipped(p);
          case Columns.DOMAIN -> f.domain = asText(p, value);
          case Columns.USER -> f.user(p, value);
          default -> skip(p);
        }
      }
      if (p.nextToken() != null) {
        return MALFORMED; // a second value after the object
      }
      return f.toEventLine();
    } catch (JsonProcessingException | CharConversionException | JsonNames.Repeated e) { // CharConversion: not UTF-8
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
        skip(p);
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
      skip(p);
    }

    /** A {@code user} that is not an object is kept as an event without user fields. */
    void user(JsonParser p, JsonToken value) throws IOException {
      if (value != JsonToken.START_OBJECT) {
        skip(p);
        return;
      }
      JsonNames names = new JsonNames();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = names.add(p.getCurrentName());
        JsonToken v = p.nextToken();
        switch (name) {
          case Columns.ID -> userId = asText(p, v);
          case Columns.COUNTRY -> country = asText(p, v);
          case Columns.TOKEN -> token = tokenStatus(p, v);
          default -> skip(p);
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
   * A token is a JSON document inside a string, judged straight from the parser's buffer; one
   * written as an object is judged on its content (as its JSON text, once its names are checked),
   * and any other value (a number, an array) is invalid.
   */
  private static TokenStatus tokenStatus(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_NULL -> TokenStatus.ABSENT;
      case VALUE_STRING -> Consent.statusOf(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      case START_OBJECT -> Consent.statusOf(asText(p, value));
      default -> {
        skip(p);
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
      walk(p, g);
    }
    return json.toString();
  }

  private static String skipped(JsonParser p) throws IOException {
    skip(p);
    return null;
  }

  /** Skips the current value, checking the names of every object inside it. */
  private static void skip(JsonParser p) throws IOException {
    if (p.currentToken().isStructStart()) {
      walk(p, null);
    }
  }

  /**
   * Reads the current value to its end, checking that no object in it repeats a name, and copies it
   * to {@code copy} when one is given. Only values the job does not read field by field come here.
   */
  private static void walk(JsonParser p, JsonGenerator copy) throws IOException {
    ArrayDeque<JsonNames> open = new ArrayDeque<>();
    JsonToken t = p.currentToken();
    do {
      if (copy != null) {
        copy.copyCurrentEvent(p);
      }
      switch (t) {
        case START_OBJECT -> open.push(new JsonNames());
        case START_ARRAY -> open.push(JsonNames.NONE);
        case END_OBJECT, END_ARRAY -> open.pop();
        case FIELD_NAME -> open.peek().add(p.getCurrentName());
        default -> { }
      }
    } while (!open.isEmpty() && (t = p.nextToken()) != null);
    if (!open.isEmpty()) {
      throw new JsonParseException(p, "unexpected end of input");
    }
  }
}
