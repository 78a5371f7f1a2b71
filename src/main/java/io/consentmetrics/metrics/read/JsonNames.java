package io.consentmetrics.metrics.read;

import java.util.Arrays;

/** The names of one JSON object so far; objects here have a handful, so a short array is enough. */
final class JsonNames {
  /** Stands for an array on the stack of open values: it has no names. */
  static final JsonNames NONE = new JsonNames();

  private String[] seen = new String[8];
  private int size;

  /** Returns {@code name}; throws {@link Repeated} when the object already had it. */
  String add(String name) {
    for (int i = 0; i < size; i++) {
      if (seen[i].equals(name)) {
        throw new Repeated();
      }
    }
    if (size == seen.length) {
      seen = Arrays.copyOf(seen, size * 2);
    }
    seen[size++] = name;
    return name;
  }

  /** A name given twice in one object: the line is malformed. */
  static final class Repeated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Repeated() {
      super("a name repeated in one object", null, false, false);
    }
  }
}
