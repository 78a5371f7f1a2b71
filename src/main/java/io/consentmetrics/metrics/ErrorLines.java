package io.consentmetrics.metrics;

/** Turns any failure into the one line a user reads: what failed, and the underlying reason. */
public final class ErrorLines {
  private static final int MAX_LENGTH = 500;

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
    return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH) + "...";
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
