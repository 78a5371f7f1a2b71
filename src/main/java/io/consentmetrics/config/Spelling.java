package io.consentmetrics.config;

import java.util.Collection;
import java.util.Optional;

/** What a user most likely meant by a name the job does not know: the known name fewest edits away. */
public final class Spelling {
  /** A name further away than this many edits is not offered. */
  private static final int MAX_EDITS = 2;

  private Spelling() {}

  /** The name of {@code known} closest to {@code given}, when one is at most two edits away. */
  public static Optional<String> closest(String given, Collection<String> known) {
    String closest = null;
    int best = MAX_EDITS + 1;
    for (String name : known) {
      int distance = editDistance(given, name);
      if (distance < best) {
        best = distance;
        closest = name;
      }
    }
    return Optional.ofNullable(closest);
  }

  /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
