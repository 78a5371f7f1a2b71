package io.consentmetrics.dev;

import io.consentmetrics.metrics.ErrorLines;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a development tool run through {@code ./interview-challenge.sh}: {@code --name
 * value} options and switches, a {@code --help} text made from the same declarations, and failures
 * reported the way the script reports its own — one {@code interview-challenge: error: …} line, exit
 * status 2 for a usage error and 1 for anything else — never a stack trace.
 */
final class DevCli {
  static final String PROGRAM = "interview-challenge";
  static final int USAGE_ERROR = 2;

  /** One option; a switch has no value name. A null default means the option is required. */
  private record Option(String name, String valueName, String defaultValue, String help) {
    boolean isSwitch() {
      return valueName == null;
    }
  }

  /** The body of a tool: runs with its parsed options and returns the exit status. */
  interface Tool {
    int run(Parsed options) throws Exception;
  }

  /** A usage error: the tool cannot run with these arguments. */
  static final class UsageError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  private final String command;
  private final String summary;
  private final List<Option> options = new ArrayList<>();

  DevCli(String command, String summary) {
    this.command = command;
    this.summary = summary;
  }

  /** An option with a value; {@code defaultValue} null makes it required. */
  DevCli option(String name, String valueName, String defaultValue, String help) {
    options.add(new Option(name, valueName, defaultValue, help));
    return this;
  }

  DevCli flag(String name, String help) {
    options.add(new Option(name, null, null, help));
    return this;
  }

  String usage() {
    StringBuilder text = new StringBuilder("Usage: ./" + PROGRAM + ".sh " + command);
    for (Option o : options) {
      String shown = o.isSwitch() ? o.name() : o.name() + " " + o.valueName();
      text.append(o.isSwitch() || o.defaultValue() != null ? " [" + shown + "]" : " " + shown);
    }
    text.append(System.lineSeparator()).append(System.lineSeparator()).append(summary)
        .append(System.lineSeparator()).append(System.lineSeparator());
    for (Option o : options) {
      String shown = o.isSwitch() ? o.name() : o.name() + " " + o.valueName();
      String help = o.help() + (o.defaultValue() != null && !o.isSwitch() ? " (default " + o.defaultValue() + ")" : "");
      text.append(String.format("  %-22s %s%n", shown, help));
    }
    text.append(String.format("  %-22s %s", "--help", "print this help and exit"));
    return text.toString();
  }

  /** Parses {@code args}; null when help was asked for. Arguments after {@code --} are kept as they are. */
  Parsed parse(String... args) {
    Map<String, String> given = new LinkedHashMap<>();
    List<String> rest = List.of();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        rest = List.of(args).subList(i + 1, args.length);
        break;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      Option option = options.stream().filter(o -> o.name().equals(arg)).findFirst()
          .orElseThrow(() -> new UsageError("unknown option: " + arg));
      if (option.isSwitch()) {
        given.put(arg, "true");
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        given.put(arg, args[++i]);
      } else {
        throw new UsageError(arg + " needs a value");
      }
    }
    Map<String, String> values = new LinkedHashMap<>(given);
    for (Option o : options) {
      if (!o.isSwitch() && !given.containsKey(o.name())) {
        if (o.defaultValue() == null) {
          throw new UsageError("missing " + o.name() + " " + o.valueName());
        }
        values.put(o.name(), o.defaultValue());
      }
    }
    return new Parsed(values, given.keySet(), rest);
  }

  /**
   * Runs {@code tool} with {@code args} and returns the exit status: 0 on success (or after --help),
   * 2 on a usage error, 1 on a failure; errors are one line on {@code err}.
   */
  int run(String[] args, Tool tool, PrintStream out, PrintStream err) {
    try {
      Parsed parsed = parse(args);
      if (parsed == null) {
        out.println(usage());
        return 0;
      }
      return tool.run(parsed);
    } catch (UsageError e) {
      err.println(PROGRAM + ": error: " + command + ": " + e.getMessage()
          + " (see ./" + PROGRAM + ".sh " + command + " --help)");
      return USAGE_ERROR;
    } catch (Exception | LinkageError e) {
      err.println(PROGRAM + ": error: " + command + ": " + ErrorLines.of(e));
      return 1;
    }
  }

  /** {@link #run} from a {@code main}: exits with its status. */
  void main(String[] args, Tool tool) {
    System.exit(run(args, tool, System.out, System.err));
  }

  /** The options of one invocation, with typed and checked accessors. */
  static final class Parsed {
    private final Map<String, String> values;
    private final java.util.Set<String> given;
    private final List<String> rest;

    Parsed(Map<String, String> values, java.util.Set<String> given, List<String> rest) {
      this.values = values;
      this.given = given;
      this.rest = rest;
    }

    /** The arguments after {@code --}. */
    List<String> rest() {
      return rest;
    }

    /** Whether the option was on the command line (not just defaulted). */
    boolean given(String name) {
      return given.contains(name);
    }

    String text(String name) {
      return values.get(name);
    }

    boolean has(String name) {
      return values.containsKey(name);
    }

    long positiveLong(String name) {
      long value;
      try {
        value = Long.parseLong(text(name).replace("_", "").replace(",", ""));
      } catch (NumberFormatException e) {
        throw new UsageError(name + " must be a whole number, not " + text(name));
      }
      if (value <= 0) {
        throw new UsageError(name + " must be at least 1, not " + text(name));
      }
      return value;
    }

    int positiveInt(String name) {
      long value = positiveLong(name);
      if (value > Integer.MAX_VALUE) {
        throw new UsageError(name + " is too large: " + text(name));
      }
      return (int) value;
    }

    long anyLong(String name) {
      try {
        return Long.parseLong(text(name));
      } catch (NumberFormatException e) {
        throw new UsageError(name + " must be a whole number, not " + text(name));
      }
    }

    /** A number between 0 and 1 inclusive. */
    double fraction(String name) {
      double value;
      try {
        value = Double.parseDouble(text(name));
      } catch (NumberFormatException e) {
        throw new UsageError(name + " must be a number between 0 and 1, not " + text(name));
      }
      if (!(value >= 0 && value <= 1)) {
        throw new UsageError(name + " must be between 0 and 1, not " + text(name));
      }
      return value;
    }
  }
}
