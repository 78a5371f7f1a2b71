package io.consentmetrics.storage;

/** Locations as users write them: the one rule for a folder given with trailing slashes. */
public final class Locations {
  private Locations() {}

  /**
   * {@code location} without its trailing slashes ({@code s3a://b/data//} is {@code s3a://b/data}),
   * so that paths joined to it have one slash; a location that is only slashes stays as it is.
   */
  public static String withoutTrailingSlashes(String location) {
    return location.replaceAll("(?<=[^/])/+$", "");
  }
}
