package io.consentmetrics.metrics.rules;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.consentmetrics.metrics.Columns;
import io.consentmetrics.metrics.read.EventLine;
import io.consentmetrics.spark.Literals;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Whether an event has consent (SPEC rule 5). The token is judged while its line is parsed ({@link
 * EventLine}), so only its {@link TokenStatus} travels with the event, never the token itself.
 */
public final class Consent {
  private Consent() {}

  /** What a token says. */
  public enum TokenStatus {
    /** Absent, null or empty: no consent, and nothing wrong. */
    ABSENT,
    /** A JSON object whose {@code purposes.enabled} is not a non-empty array. */
    NO_CONSENT,
    /** A JSON object with at least one enabled purpose. */
    CONSENT,
    /** Present but not a JSON object: no consent, and counted as invalid. */
    INVALID
  }

  private static final JsonFactory JSON = new JsonFactory();

  /** Adds {@link Columns#HAS_CONSENT} and {@link Columns#HAS_INVALID_TOKEN} (never null) in place of the status. */
  public static Dataset<Row> flag(Dataset<Row> events) {
    return events
        .withColumn(Columns.HAS_CONSENT, statusIs(TokenStatus.CONSENT))
        .withColumn(Columns.HAS_INVALID_TOKEN, statusIs(TokenStatus.INVALID))
        .drop(Columns.TOKEN_STATUS);
  }

  private static org.apache.spark.sql.Column statusIs(TokenStatus status) {
    return col(Columns.TOKEN_STATUS).eqNullSafe(Literals.of(status.name()));
  }

  /**
   * The status of a token given as a string, the contract's form. Streaming, without building any
   * object: Spark's own JSON functions report a field of an unexpected type ({@code "purposes": 5})
   * like broken JSON, while the contract tells them apart.
   */
  public static TokenStatus statusOf(String token) {
    return token == null ? TokenStatus.ABSENT : statusOf(token.toCharArray(), 0, token.length());
  }

  /** The same, for a token read as characters from a buffer (the line parser's, so no copy is made). */
  public static TokenStatus statusOf(char[] token, int offset, int length) {
    if (isBlank(token, offset, length)) {
      return TokenStatus.ABSENT;
    }
    try (JsonParser p = JSON.createParser(token, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return TokenStatus.INVALID;
      }
      TokenStatus status = statusOfObject(p);
      return p.nextToken() == null ? status : TokenStatus.INVALID; // text after the object
    } catch (JsonProcessingException e) {
      return TokenStatus.INVALID;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen when parsing characters in memory
    }
  }

  private static boolean isBlank(char[] text, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (!Character.isWhitespace(text[i])) {
        return false;
      }
    }
    return true;
  }

  /** The status of the object the parser is at ({@code START_OBJECT}), read to its end. */
  private static TokenStatus statusOfObject(JsonParser p) throws IOException {
    boolean consent = field(p, "purposes", JsonToken.START_OBJECT,
        purposes -> field(purposes, "enabled", JsonToken.START_ARRAY, Consent::hasElement));
    return consent ? TokenStatus.CONSENT : TokenStatus.NO_CONSENT;
  }

  /** Reads a JSON value the parser is at and says something of it. */
  private interface ValueTest {
    boolean test(JsonParser p) throws IOException;
  }

  /**
   * Reads the rest of the object the parser is in; true when its field {@code name} is of the
   * {@code kind} given and passes {@code test} (the last one counts if the name repeats).
   */
  private static boolean field(JsonParser p, String name, JsonToken kind, ValueTest test) throws IOException {
    boolean passes = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.getCurrentName();
      JsonToken value = p.nextToken();
      if (name.equals(field)) {
        passes = value == kind ? test.test(p) : skip(p);
      } else {
        skip(p);
      }
    }
    return passes;
  }

  /** Reads an array to its end; true when it has at least one element. */
  private static boolean hasElement(JsonParser p) throws IOException {
    boolean any = false;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null) {
        throw new JsonParseException(p, "unterminated array");
      }
      any = true;
      p.skipChildren();
    }
    return any;
  }

  /** Skips the current value (with its children); always false, for use as "not consent". */
  private static boolean skip(JsonParser p) throws IOException {
    p.skipChildren();
    return false;
  }
}
