package io.consentmetrics.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorLinesTest {

  @Test
  void aWrappedFailureShowsTheTopMessageAndTheRootCauseOnOneLine() {
    Exception failure =
        new RuntimeException("Job aborted.\n\tat somewhere", new IllegalStateException("x", new IOException("Connection refused\nmore")));
    assertEquals("Job aborted.: Connection refused", ErrorLines.of(failure));
  }

  @Test
  void aJobFailureIsShownAsItsOwnMessage() {
    assertEquals("input not found: /x", ErrorLines.of(new JobFailure("input not found: /x", new IOException("File /x does not exist"))));
  }

  @Test
  void aForbiddenAnswerFromS3SaysToCheckTheKeys() {
    String line = ErrorLines.of(new RuntimeException("getFileStatus on s3a://b/k: Forbidden (Service: Amazon S3; Status Code: 403; Error Code: 403 Forbidden)"));
    assertEquals(true, line.startsWith("access denied by S3 (check the access key and secret key): getFileStatus"), line);
  }
}
