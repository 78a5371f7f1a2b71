package io.consentmetrics.metrics.read;

import static io.consentmetrics.testing.Fixtures.CONSENT_TOKEN;
import static io.consentmetrics.testing.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consentmetrics.metrics.rules.Consent.TokenStatus;
import io.consentmetrics.metrics.rules.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC rules 1, 2, 3 and 5 as one line is read: strict JSON, ids, datetimes, the token. */
class EventLineTest {
  /** A line as the reader hands it to the parser: its UTF-8 bytes. */
  private static EventLine parse(String line) {
    return parse(line.getBytes(StandardCharsets.UTF_8));
  }

  private static EventLine parse(byte[] line) {
    return EventLine.parse(line, 0, line.length);
  }

  private static final String VALID =
      event("e1", "2021-01-23 10:00:00", "pageview", "a.com", "u1", "FR", CONSENT_TOKEN);

  private static RejectReason reason(String line) {
    return parse(line).rejectReason();
  }

  @Test
  void aValidLineGivesEveryFieldTheJobNeeds() {
    EventLine e = parse(VALID);
    assertNull(e.rejectReason());
    assertEquals("e1", e.id());
    assertEquals(1611396000_000_000L, e.eventTimeMicros());
    assertFalse(e.hasInvalidDatetime());
    assertEquals("pageview", e.type());
    assertEquals("a.com", e.domain());
    assertEquals("FR", e.country());
    assertEquals("u1", e.userId());
    assertEquals(TokenStatus.CONSENT, e.tokenStatus());
  }

  @Test
  void anythingButExactlyOneStrictJsonObjectIsMalformed() {
    List<String> notOneObject = List.of(
        "", "   ", "null", "42", "\"text\"", "[" + VALID + "]",
        VALID + " trailing", VALID + "garbage}", VALID + VALID, VALID + " " + VALID,
        "{bad json}", "{'id':'e1'}", "{id:\"e1\"}", "{\"id\":\"e1\",}", "{\"id\":\"e1\"} // note",
        "{\"id\":\"e1\",\"n\":NaN}", "{\"id\":\"e1\",\"n\":01}", "{\"id\":\"e1\",\"s\":\"a\tb\"}",
        VALID.substring(0, VALID.length() / 2), "{\"id\":\"e1\",\"id\":\"e2\"}",
        "\u00a0" + VALID, "\uFEFF" + VALID);
    for (String line : notOneObject) {
      assertEquals(RejectReason.MALFORMED_JSON, reason(line), line);
    }
  }

  @Test
  void aNameGivenTwiceInAnyObjectOfTheLineIsMalformed() {
    for (String line : List.of(
        "{\"id\":\"e1\",\"user\":{\"id\":\"u1\",\"country\":\"FR\",\"id\":\"u2\"}}",
        "{\"id\":\"e1\",\"extra\":1,\"extra\":2}",
        "{\"id\":\"e1\",\"extra\":[{\"a\":1,\"b\":2,\"a\":3}]}",
        "{\"id\":\"e1\",\"domain\":{\"a\":1,\"a\":1}}",
        "{\"id\":\"e1\",\"user\":{\"token\":{\"purposes\":{},\"purposes\":{}}}}")) {
      assertEquals(RejectReason.MALFORMED_JSON, reason(line), line);
    }
  }

  @Test
  void theSameNameInDifferentObjectsIsNotARepeat() {
    EventLine e = parse(
        "{\"id\":\"e1\",\"a\":{\"id\":1,\"x\":{\"id\":2}},\"b\":[{\"id\":3},{\"id\":4}],\"user\":{\"id\":\"u1\"}}");
    assertEquals(null, e.rejectReason());
    assertEquals("u1", e.userId());
  }

  @Test
  void jsonWhitespaceAroundTheObjectIsAccepted() {
    for (String line : List.of(" " + VALID + " ", "\t" + VALID + "\t", VALID + "\r", "\r\n" + VALID)) {
      assertNull(reason(line), line);
    }
  }

  @Test
  void bytesThatAreNotUtf8AreMalformed() {
    byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
    byte[] broken = valid.clone();
    broken[VALID.indexOf("a.com")] = (byte) 0xC3; // a lead byte followed by ASCII
    assertNull(parse(valid).rejectReason());
    assertEquals(RejectReason.MALFORMED_JSON, parse(broken).rejectReason());
  }

  @Test
  void aByteOrderMarkInsideAFileIsMalformed() {
    // The reader skips one at the start of a file; anywhere else it is not JSON whitespace.
    byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
    byte[] withMark = new byte[valid.length + 3];
    withMark[0] = (byte) 0xEF;
    withMark[1] = (byte) 0xBB;
    withMark[2] = (byte) 0xBF;
    System.arraycopy(valid, 0, withMark, 3, valid.length);
    assertEquals(RejectReason.MALFORMED_JSON, parse(withMark).rejectReason());
  }

  @Test
  void aMissingNullOrEmptyIdIsMissing() {
    for (String line : List.of("{\"type\":\"pageview\"}", "{\"id\":null}", "{\"id\":\"\"}")) {
      assertEquals(RejectReason.MISSING_ID, reason(line), line);
    }
  }

  @Test
  void anIdThatIsNotANonBlankStringIsInvalid() {
    for (String id : List.of("123", "1.0", "true", "false", "{}", "[]", "{\"a\":1}", "\" \"", "\"\\t\"")) {
      assertEquals(RejectReason.INVALID_ID, reason("{\"id\":" + id + ",\"type\":\"pageview\"}"), id);
    }
  }

  @Test
  void theStringIdIsKeptAsItIs() {
    assertEquals(" e1 ", parse("{\"id\":\" e1 \"}").id());
    assertEquals("123", parse("{\"id\":\"123\"}").id());
  }

  @Test
  void anUnreadableDatetimeIsMissingAndCountedButTheEventStays() {
    for (String datetime : List.of("\"\"", "\"yesterday\"", "\"2021-13-01 10:00:00\"", "\"2021-02-30 10:00:00\"",
        "\"2021-01-23 10:00\"", "\"2021-01-23 10:00:00Z\"", "1611396000", "true", "{}")) {
      EventLine e = parse("{\"id\":\"e1\",\"datetime\":" + datetime + "}");
      assertNull(e.rejectReason(), datetime);
      assertNull(e.eventTimeMicros(), datetime);
      assertTrue(e.hasInvalidDatetime(), datetime);
    }
  }

  @Test
  void anAbsentOrNullDatetimeIsMissingButNotInvalid() {
    for (String line : List.of("{\"id\":\"e1\"}", "{\"id\":\"e1\",\"datetime\":null}")) {
      EventLine e = parse(line);
      assertNull(e.eventTimeMicros(), line);
      assertFalse(e.hasInvalidDatetime(), line);
    }
  }

  @Test
  void theTokenIsJudgedWhileTheLineIsRead() {
    assertEquals(TokenStatus.CONSENT, tokenOf("\"" + CONSENT_TOKEN.replace("\"", "\\\"") + "\""));
    assertEquals(TokenStatus.CONSENT, tokenOf(CONSENT_TOKEN)); // written as an object: judged on its content
    assertEquals(TokenStatus.INVALID, tokenOf("\"{oops\""));
    assertEquals(TokenStatus.INVALID, tokenOf("5"));
    assertEquals(TokenStatus.INVALID, tokenOf("[]"));
    assertEquals(TokenStatus.ABSENT, tokenOf("null"));
    assertEquals(TokenStatus.ABSENT, tokenOf("\"\""));
    assertEquals(TokenStatus.ABSENT, parse("{\"id\":\"e1\",\"user\":{}}").tokenStatus());
  }

  private static TokenStatus tokenOf(String token) {
    return parse("{\"id\":\"e1\",\"user\":{\"token\":" + token + "}}").tokenStatus();
  }

  @Test
  void dimensionsAreKeptAsGivenAndOtherJsonValuesAsTheirText() {
    EventLine e = parse(
        "{\"id\":\"e1\",\"domain\":\" a.com\\t\",\"user\":{\"country\":123,\"id\":{\"x\":[1, 2]}}}");
    assertEquals(" a.com\t", e.domain());
    assertEquals("123", e.country());
    assertEquals("{\"x\":[1,2]}", e.userId());
    assertNull(parse("{\"id\":\"e1\",\"domain\":null}").domain());
  }

  @Test
  void aUserThatIsNotAnObjectLeavesTheEventWithoutUserFields() {
    EventLine e = parse("{\"id\":\"e1\",\"type\":\"pageview\",\"user\":\"not-an-object\"}");
    assertNull(e.rejectReason());
    assertNull(e.userId());
    assertNull(e.country());
    assertEquals(TokenStatus.ABSENT, e.tokenStatus());
  }

  @Test
  void aTypeThatIsNotAStringIsNoType() {
    assertNull(parse("{\"id\":\"e1\",\"type\":1}").type());
    assertEquals("Pageview", parse("{\"id\":\"e1\",\"type\":\"Pageview\"}").type());
  }
}
