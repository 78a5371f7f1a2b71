package io.consentmetrics.metrics;

/** A failure the user can act on; its message is printed as the job's one error line. */
public class JobFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobFailure(String message) {
    super(message);
  }

  public JobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
