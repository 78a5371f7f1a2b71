package io.consentmetrics.jobs.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/** Decides, from the user's consent token, whether an event has consent. */
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

  /**
   * A UDF rather than {@code from_json}: Spark's parser reports a field of an unexpected type (say
   * {@code "purposes": 5}) the same way as broken JSON, while the contract tells them apart (the
   * first is a valid token without consent, the second an invalid token). One streaming pass over
   * the token answers both questions exactly, without building any object.
   */
  private static final UserDefinedFunction TOKEN_STATUS =
      udf((UDF1<String, String>) token -> statusOf(token).name(), DataTypes.StringType)
          .asNondeterministic() // evaluated once per row, not duplicated by the optimizer
          .withName("consent_token_status");

  /** Adds {@link Columns#HAS_CONSENT} and {@link Columns#INVALID_TOKEN}, both never null. */
  public static Dataset<Row> flag(Dataset<Row> events) {
    String status = "_token_status";
    return events
        .withColumn(status, TOKEN_STATUS.apply(col(Columns.TOKEN)))
        .withColumn(Columns.HAS_CONSENT, col(status).equalTo(TokenStatus.CONSENT.name()))
        .withColumn(Columns.INVALID_TOKEN, col(status).equalTo(TokenStatus.INVALID.name()))
        .drop(status);
  }

  public static TokenStatus statusOf(String token) {
    if (token == null || token.isBlank()) {
      return TokenStatus.ABSENT;
    }
    try (JsonParser p = JSON.createParser(token)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return TokenStatus.INVALID;
      }
      boolean consent = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken value = p.nextToken();
        if ("purposes".equals(field)) {
          consent = value == JsonToken.START_OBJECT ? hasEnabledPurpose(p) : skip(p);
        } else {
          skip(p);
        }
      }
      if (p.nextToken() != null) {
        return TokenStatus.INVALID; // text after the object
      }
      return consent ? TokenStatus.CONSENT : TokenStatus.NO_CONSENT;
    } catch (JsonProcessingException e) {
      return TokenStatus.INVALID;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen when parsing a String
    }
  }

  /** Reads the rest of a {@code purposes} object; true when its {@code enabled} has an element. */
  private static boolean hasEnabledPurpose(JsonParser p) throws IOException {
    boolean enabled = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.getCurrentName();
      JsonToken value = p.nextToken();
      if ("enabled".equals(field)) {
        enabled = value == JsonToken.START_ARRAY ? hasElement(p) : skip(p);
      } else {
        skip(p);
      }
    }
    return enabled;
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
