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

  @Test
  void aLongPathIsShortenedInTheMiddleAndTheReasonAfterItStays() {
    String path = "/data/" + "deep/".repeat(800) + "a.json.gz";
    String line = ErrorLines.of(new JobFailure("cannot read input file " + path + ": not a gzip file"));
    assertEquals(true, line.length() <= 500, line);
    assertEquals(true, line.startsWith("cannot read input file /data/deep/deep/"), line);
    assertEquals(true, line.endsWith("deep/deep/a.json.gz: not a gzip file"), line);
    assertEquals(true, line.contains("..."), line);
  }

  @Test
  void aLineOfShortWordsIsCutAtItsEndOnly() {
    String line = ErrorLines.of(new JobFailure("word ".repeat(200).strip()));
    assertEquals(500, line.length());
    assertEquals(true, line.startsWith("word word") && line.endsWith("..."), line);
  }

  @Test
  void aMemoryFailureSaysWhatToRaise() {
    Exception failure = new RuntimeException("Job aborted.", new OutOfMemoryError("Java heap space"));
    assertEquals("out of memory (raise the heap: -Xmx of the job's JVM, or spark.driver.memory and spark.executor.memory"
        + " on a cluster): Job aborted.: Java heap space", ErrorLines.of(failure));
  }
}
