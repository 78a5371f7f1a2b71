package io.consentmetrics.dev;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Argument parsing for the development tools: {@code --name value} pairs and named switches. */
final class DevArgs {
  private DevArgs() {}

  static Map<String, String> parse(String[] args, List<String> switches) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (switches.contains(args[i])) {
        out.put(args[i], "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        out.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument: " + args[i]);
      }
    }
    return out;
  }

  static String required(Map<String, String> args, String name) {
    String value = args.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }
}
