package io.consentmetrics.storage;

import java.util.Optional;

/** Locations as users write them: trailing slashes, and how an input and an output root may lie. */
public final class Locations {
  private Locations() {}

  /**
   * {@code location} without its trailing slashes ({@code s3a://b/data//} is {@code s3a://b/data}),
   * so that paths joined to it have one slash; a location that is only slashes stays as it is.
   */
  public static String withoutTrailingSlashes(String location) {
    return location.replaceAll("(?<=[^/])/+$", "");
  }

  /**
   * Why {@code output} may not be used with {@code input}, both fully qualified: the same folder,
   * one inside the other (a run would read its own outputs, or write among its events); empty when
   * they lie apart.
   */
  public static Optional<String> overlap(String input, String output) {
    String in = withoutTrailingSlashes(input) + "/";
    String out = withoutTrailingSlashes(output) + "/";
    if (in.equals(out)) {
      return Optional.of("--output is the same folder as --input: " + output);
    }
    if (out.startsWith(in)) {
      return Optional.of("--output lies inside --input: " + output + " is under " + input);
    }
    if (in.startsWith(out)) {
      return Optional.of("--output contains --input: " + input + " is under " + output);
    }
    return Optional.empty();
  }
}
