package io.consentmetrics.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentmetrics.common.JobConfig;
import io.consentmetrics.common.SparkSessions;
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
 * <p>Usage: {@code EventGenerator --events N --hours H --output DIR [--seed S] [--faults RATE]
 * [--files-per-hour F] [--start YYYY-MM-DD-HH] [--gzip]}. The output may be any Hadoop path.
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

  public static void main(String[] args) throws IOException {
    Map<String, String> a = DevArgs.parse(args, List.of("--gzip"));
    Settings settings =
        new Settings(
            Long.parseLong(DevArgs.required(a, "--events")),
            Integer.parseInt(DevArgs.required(a, "--hours")),
            Long.parseLong(a.getOrDefault("--seed", "42")),
            Double.parseDouble(a.getOrDefault("--faults", "0")),
            Integer.parseInt(a.getOrDefault("--files-per-hour", "1")),
            a.getOrDefault("--start", "2021-01-23-10"),
            a.containsKey("--gzip"));
    String output = DevArgs.required(a, "--output");
    // The job's own S3 settings (AWS_S3_ENDPOINT_URL, keys...), so that --output s3a://... reaches the same store.
    Configuration hadoop = new Configuration();
    SparkSessions.applyHadoop(hadoop, new SparkConf(false), JobConfig.load(Map.of()));
    long lines = new EventGenerator(settings).writeTo(output, hadoop);
    System.out.println("generated " + lines + " lines in " + settings.hours() + " hours under " + output);
  }

  /** Writes every hour under {@code root}; returns the number of lines written. */
  long writeTo(String root, Configuration hadoop) throws IOException {
    Path rootPath = new Path(root);
    FileSystem fs = rootPath.getFileSystem(hadoop);
    if (fs instanceof LocalFileSystem local) {
      fs = local.getRaw(); // no .crc side files next to the data
    }
    LocalDateTime start = LocalDateTime.parse(settings.startHour() + ":00", DateTimeFormatter.ofPattern("yyyy-MM-dd-HH:mm"));
    List<String> carriedOver = new ArrayList<>();
    long written = 0;
    for (int h = 0; h < settings.hours(); h++) {
      LocalDateTime hour = start.plusHours(h);
      long from = settings.events() * h / settings.hours();
      long to = settings.events() * (h + 1) / settings.hours();
      List<Writer> files = open(fs, new Path(rootPath, "datehour=" + HOUR.format(hour)));
      try {
        long n = 0;
        for (String line : carriedOver) {
          files.get((int) (n++ % files.size())).write(line + "\n");
        }
        carriedOver.clear();
        for (long i = from; i < to; i++) {
          for (String line : linesFor(hour, carriedOver)) {
            files.get((int) (n++ % files.size())).write(line + "\n");
          }
        }
        written += n;
      } finally {
        for (Writer w : files) {
          w.close();
        }
      }
    }
    return written;
  }

  private List<Writer> open(FileSystem fs, Path folder) throws IOException {
    List<Writer> writers = new ArrayList<>();
    for (int f = 0; f < settings.filesPerHour(); f++) {
      String name = String.format("part-%05d.json%s", f, settings.gzip() ? ".gz" : "");
      OutputStream out = fs.create(new Path(folder, name), true);
      if (settings.gzip()) {
        out = new GZIPOutputStream(out, 1 << 16);
      }
      writers.add(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
    }
    return writers;
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
