package io.consentmetrics.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.config.JobConfig;
import io.consentmetrics.spark.SparkSessions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;

/**
 * Deterministic generator of consent events in the job's input layout: the same arguments and seed
 * always give the same bytes. With a fault rate, it mixes in one of every input fault the contract
 * names, so the sample data, the tests and benchmarks exercise every rule. Streams one hour at a
 * time: memory does not grow with the number of events.
 *
 * <p>Run it as {@code ./interview-challenge.sh generate --help} says; the output may be any Hadoop path.
 */
public final class EventGenerator {

  /** The input faults the generator injects; each is one case of a rule in the contract. */
  enum Fault {
    MALFORMED_LINE, MISSING_ID, NULL_ID, EMPTY_ID, DUPLICATE_NEXT_HOUR, DUPLICATE_SAME_HOUR,
    UNKNOWN_TYPE, WRONG_CASE_TYPE, MISSING_TYPE, UNPARSABLE_TOKEN, NULL_TOKEN, ENABLED_NOT_ARRAY,
    MISSING_DOMAIN, MISSING_COUNTRY, PAGEVIEW_WITHOUT_USER, LATE_EVENT
  }

  record Settings(
      long events, int hours, long seed, double faultRate, int filesPerHour, String startHour, boolean gzip) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH");
  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter START_HOUR =
      DateTimeFormatter.ofPattern("uuuu-MM-dd-HH:mm").withResolverStyle(java.time.format.ResolverStyle.STRICT);
  private static final String[] DOMAINS = {
    "www.site-a.example", "www.site-b.example", "news.site-c.example", "shop.site-d.example"
  };
  private static final String[] COUNTRIES = {"FR", "DE", "ES", "IT", "GB", "BE", "US"};
  private static final String[] PURPOSES = {"analytics", "advertising", "personalization"};

  private final Settings settings;
  private final SplittableRandom random;
  private final List<String> users;

  EventGenerator(Settings settings) {
    this.settings = settings;
    this.random = new SplittableRandom(settings.seed());
    int userCount = (int) Math.max(1, Math.min(1_000_000, settings.events() / 8));
    this.users = new ArrayList<>(userCount);
    for (int i = 0; i < userCount; i++) {
      users.add(uuid());
    }
  }

  private static final DevCli CLI =
      new DevCli("generate", String.join(System.lineSeparator(),
              "Writes generated consent events in the job's input layout (OUTPUT/datehour=YYYY-MM-DD-HH/part-NNNNN.json),",
              "the same bytes for the same arguments. OUTPUT is any Hadoop path: a folder or s3a://bucket/prefix",
              "(S3 settings as the job's: AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)."))
          .option("--events", "N", null, "number of events (before injected duplicates)")
          .option("--hours", "H", null, "number of datehour= folders; events are spread evenly")
          .option("--output", "OUTPUT", null, "root folder of the datehour= folders")
          .option("--seed", "S", "42", "random seed")
          .option("--faults", "RATE", "0", "share of events given one input fault the rules name, 0 to 1")
          .option("--files-per-hour", "F", "1", "files per hour; each holds a contiguous run of the hour's events")
          .option("--start", "YYYY-MM-DD-HH", "2021-01-23-10", "first hour")
          .flag("--gzip", "write .json.gz files");

  public static void main(String[] args) {
    CLI.main(args, EventGenerator::generate);
  }

  private static int generate(DevCli.Parsed a) throws IOException {
    String start = a.text("--start");
    try {
      LocalDateTime.parse(start + ":00", START_HOUR);
    } catch (java.time.format.DateTimeParseException e) {
      throw new DevCli.UsageError("--start must be an hour YYYY-MM-DD-HH, not " + start);
    }
    Settings settings =
        new Settings(a.positiveLong("--events"), a.positiveInt("--hours"), a.anyLong("--seed"),
            a.fraction("--faults"), a.positiveInt("--files-per-hour"), start, a.has("--gzip"));
    String output = a.text("--output");
    // The job's own S3 settings (AWS_S3_ENDPOINT_URL, keys...), so that --output s3a://... reaches the same store.
    Configuration hadoop = new Configuration();
    SparkSessions.applyHadoop(hadoop, new SparkConf(false), JobConfig.load(Map.of()));
    long lines = new EventGenerator(settings).writeTo(output, hadoop);
    System.out.println("generated " + lines + " lines in " + settings.hours() + " hours under " + output);
    return 0;
  }

  /**
   * Writes every hour under {@code root}; returns the number of lines written. File {@code f} of an
   * hour holds the hour's events {@code [f*E/F, (f+1)*E/F)} (lines carried over from the previous
   * hour go first, into file 0), so only one file is open at a time however many files an hour has.
   */
  long writeTo(String root, Configuration hadoop) throws IOException {
    Path rootPath = new Path(root);
    FileSystem fs = rootPath.getFileSystem(hadoop);
    if (fs instanceof LocalFileSystem local) {
      fs = local.getRaw(); // no .crc side files next to the data
    }
    LocalDateTime start = LocalDateTime.parse(settings.startHour() + ":00", START_HOUR);
    List<String> carriedOver = new ArrayList<>();
    long written = 0;
    for (int h = 0; h < settings.hours(); h++) {
      LocalDateTime hour = start.plusHours(h);
      Path folder = new Path(rootPath, "datehour=" + HOUR.format(hour));
      long from = settings.events() * h / settings.hours();
      long events = settings.events() * (h + 1) / settings.hours() - from;
      List<String> fromPreviousHour = List.copyOf(carriedOver);
      carriedOver.clear();
      int current = 0;
      Writer file = open(fs, folder, current);
      try {
        for (String line : fromPreviousHour) {
          file.write(line + "\n");
          written++;
        }
        for (long k = 0; k < events; k++) {
          int target = (int) (k * settings.filesPerHour() / events);
          if (target != current) {
            file.close();
            current = target;
            file = open(fs, folder, current);
          }
          for (String line : linesFor(hour, carriedOver)) {
            file.write(line + "\n");
            written++;
          }
        }
      } finally {
        file.close();
      }
    }
    return written;
  }

  private Writer open(FileSystem fs, Path folder, int index) throws IOException {
    String name = String.format("part-%05d.json%s", index, settings.gzip() ? ".gz" : "");
    OutputStream out = fs.create(new Path(folder, name), true);
    if (settings.gzip()) {
      out = new GZIPOutputStream(out, 1 << 16);
    }
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  /** The line(s) of one event: usually one, two for a same-hour duplicate. */
  private List<String> linesFor(LocalDateTime hour, List<String> nextHour) {
    Fault fault = random.nextDouble() < settings.faultRate()
        ? Fault.values()[random.nextInt(Fault.values().length)]
        : null;
    Map<String, Object> event = cleanEvent(hour);
    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) event.get("user");
    if (fault != null) {
      switch (fault) {
        case MISSING_ID -> event.remove("id");
        case NULL_ID -> event.put("id", null);
        case EMPTY_ID -> event.put("id", "");
        case UNKNOWN_TYPE -> event.put("type", "click");
        case WRONG_CASE_TYPE -> event.put("type", "Pageview");
        case MISSING_TYPE -> event.remove("type");
        case UNPARSABLE_TOKEN -> user.put("token", "{\"vendors\":{\"enabled\":[");
        case NULL_TOKEN -> user.put("token", null);
        case ENABLED_NOT_ARRAY -> user.put("token", "{\"purposes\":{\"enabled\":\"analytics\"}}");
        case MISSING_DOMAIN -> event.remove("domain");
        case MISSING_COUNTRY -> user.remove("country");
        case PAGEVIEW_WITHOUT_USER -> {
          event.put("type", "pageview");
          user.remove("id");
        }
        case LATE_EVENT -> event.put("datetime", DATETIME.format(hour.minusMinutes(1 + random.nextInt(120))));
        default -> { }
      }
    }
    String line = toJson(event);
    if (fault == Fault.MALFORMED_LINE) {
      return List.of(line.substring(0, 1 + random.nextInt(line.length() - 1)));
    }
    if (fault == Fault.DUPLICATE_SAME_HOUR) {
      return List.of(line, line);
    }
    if (fault == Fault.DUPLICATE_NEXT_HOUR) {
      nextHour.add(line);
    }
    return List.of(line);
  }

  private Map<String, Object> cleanEvent(LocalDateTime hour) {
    int typeDraw = random.nextInt(10);
    String type = typeDraw < 7 ? "pageview" : typeDraw < 9 ? "consent.asked" : "consent.given";
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", users.get(random.nextInt(users.size())));
    user.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
    user.put("token", token());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", uuid());
    event.put("datetime", DATETIME.format(hour.plusSeconds(random.nextInt(3600))));
    event.put("domain", DOMAINS[random.nextInt(DOMAINS.length)]);
    event.put("type", type);
    event.put("user", user);
    return event;
  }

  private String token() {
    List<String> enabled = new ArrayList<>();
    if (random.nextBoolean()) {
      enabled.add(PURPOSES[random.nextInt(PURPOSES.length)]);
    }
    Map<String, Object> token = new LinkedHashMap<>();
    token.put("vendors", enabledDisabled(enabled.isEmpty() ? List.of() : List.of("vendor-1")));
    token.put("purposes", enabledDisabled(enabled));
    return toJson(token);
  }

  /** Insertion-ordered (unlike Map.of, whose order changes between JVMs): output is byte-stable. */
  private static Map<String, Object> enabledDisabled(List<String> enabled) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", enabled);
    m.put("disabled", List.of());
    return m;
  }

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
