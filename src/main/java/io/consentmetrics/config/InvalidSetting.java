package io.consentmetrics.config;

/**
 * A setting the job cannot run with; its message names the setting as the user gave it (the flag,
 * or the key and the file). Given on the command line, it is a usage error.
 */
public final class InvalidSetting extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final boolean onCommandLine;

  public InvalidSetting(String message, boolean onCommandLine) {
    super(message);
    this.onCommandLine = onCommandLine;
  }

  public boolean onCommandLine() {
    return onCommandLine;
  }
}
