package io.consentmetrics.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings the job knows: every path of {@code application.conf} under {@link JobConfig#ROOT},
 * read unresolved so that settings left unset by default (the S3 keys) count too, and the hours to
 * read. The {@code
 * hadoop} block is open: any Hadoop setting may be given there.
 */
final class KnownSettings {
  private static final String OPEN_BLOCK = "hadoop";
  /** Settings with no default, so absent from {@code application.conf}: the hours to read. */
  private static final Set<String> WITHOUT_DEFAULT = Set.of(JobConfig.FROM, JobConfig.TO);
  private static final Set<String> PATHS = paths();

  private KnownSettings() {}

  /** The first setting of {@code settings} the job does not know, with the known one it is closest to. */
  static Optional<String> firstUnknown(Config settings) {
    for (String path : new TreeSet<>(settings.root().isEmpty() ? Set.of() : pathsOf(settings))) {
      if (!PATHS.contains(path) && !ConfigUtil.splitPath(path).get(0).equals(OPEN_BLOCK)) {
        return Optional.of("unknown setting " + path
            + Spelling.closest(path, PATHS).map(known -> " (did you mean " + known + "?)").orElse(""));
      }
    }
    return Optional.empty();
  }

  private static Set<String> pathsOf(Config settings) {
    Set<String> paths = new TreeSet<>();
    settings.entrySet().forEach(e -> paths.add(e.getKey()));
    return paths;
  }

  private static Set<String> paths() {
    ConfigObject root = (ConfigObject) ConfigFactory.parseResources("application.conf").root().get(JobConfig.ROOT);
    Set<String> paths = new TreeSet<>();
    collect(root, List.of(), paths);
    paths.addAll(WITHOUT_DEFAULT);
    return paths;
  }

  private static void collect(ConfigObject object, List<String> parent, Set<String> paths) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      List<String> path = new ArrayList<>(parent);
      path.add(e.getKey());
      if (e.getValue() instanceof ConfigObject nested && !e.getKey().equals(OPEN_BLOCK)) {
        collect(nested, path, paths);
      } else {
        paths.add(ConfigUtil.joinPath(path));
      }
    }
  }
}
