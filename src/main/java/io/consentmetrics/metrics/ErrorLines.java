package io.consentmetrics.metrics;

/** Turns any failure into the one line a user reads: what failed, and the underlying reason. */
public final class ErrorLines {
  private static final int MAX_LENGTH = 500;
  /** Of a word (a path) too long for the line, this many characters at each end stay. */
  private static final int KEPT_OF_A_WORD = 60;
  private static final String ELLIPSIS = "...";

  private ErrorLines() {}

  public static String of(Throwable failure) {
    String line;
    if (failure instanceof JobFailure) {
      line = firstLine(failure);
    } else {
      String top = firstLine(failure);
      String root = firstLine(rootCause(failure));
      line = top.contains(root) ? top : top + ": " + root;
    }
    if (line.contains("Status Code: 403")) {
      line = "access denied by S3 (check the access key and secret key): " + line;
    }
    if (outOfMemory(failure)) {
      line = "out of memory (raise the heap: -Xmx of the job's JVM, or spark.driver.memory and spark.executor.memory"
          + " on a cluster): " + line;
    }
    return shortened(line);
  }

  /**
   * The line within {@link #MAX_LENGTH} characters, its longest words (paths, URIs) shortened in the
   * middle: the reason, which comes after the path, is never what is cut.
   */
  static String shortened(String line) {
    String shorter = line;
    while (shorter.length() > MAX_LENGTH) {
      String longest = "";
      for (String word : shorter.split(" ")) {
        longest = word.length() > longest.length() ? word : longest;
      }
      if (longest.length() <= KEPT_OF_A_WORD * 2 + ELLIPSIS.length()) {
        return shorter.substring(0, MAX_LENGTH - ELLIPSIS.length()) + ELLIPSIS; // many short words: only then cut the end
      }
      String middle = longest.substring(0, KEPT_OF_A_WORD) + ELLIPSIS + longest.substring(longest.length() - KEPT_OF_A_WORD);
      shorter = shorter.replace(longest, middle);
    }
    return shorter;
  }

  /** A memory failure anywhere in the chain, the JVM's or Spark's own (a task out of execution memory). */
  private static boolean outOfMemory(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError || String.valueOf(t.getMessage()).contains("OutOfMemoryError")) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String firstLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    String first = message.strip().lines().findFirst().orElse("");
    return first.strip();
  }
}
