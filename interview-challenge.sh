#!/usr/bin/env bash
# Development driver of the consent-metrics job: runs the job and its tests in Docker (Spark + MinIO
# containers) when a Docker engine answers, or locally on the JDK otherwise; rebuilds only what changed.
# The local run, the generator and the benchmark are Java tools (src/dev/java/io/consentmetrics/dev/).
set -euo pipefail

readonly PROGRAM="interview-challenge"
# Java decodes file names with the locale's charset: every JVM started from here gets UTF-8 (under cron or
# a minimal container the locale is often C, and non-ASCII file names would be skipped).
if [[ "$(locale charmap 2>/dev/null || true)" != "UTF-8" ]]; then
  export LC_ALL=C.UTF-8
fi
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly ROOT_DIR
readonly COMPOSE_FILE="$ROOT_DIR/docker/docker-compose.yml"
readonly COMPOSE_PORTS_FILE="$ROOT_DIR/docker/docker-compose.ports.yml"
readonly COMPOSE_PROJECT="consent-metrics"
readonly ENV_FILE="$ROOT_DIR/docker/docker.env"
readonly SEED_DIR="$ROOT_DIR/docker/minio/data"
readonly LOG4J_CONFIG="$ROOT_DIR/docker/spark/conf/log4j.properties"
# Spark's own log lines of a local run (LOG4J_CONFIG): the terminal shows the job's lines only.
readonly SPARK_LOG="$ROOT_DIR/target/spark.log"
readonly BUCKET="interview-challenge"
readonly JAR="$ROOT_DIR/target/consent-metrics.jar"
readonly BUILD_STAMP="$ROOT_DIR/target/.built"
readonly MAVEN_LOG="$ROOT_DIR/target/maven.log"
readonly SPARK_CLASSPATH="$ROOT_DIR/target/spark-classpath.txt"
readonly TEST_CLASSPATH="$ROOT_DIR/target/test-classpath.txt"
# The local S3 server's store (a folder per bucket, kept across runs) and the bucket's folder as users open it.
readonly LOCAL_RUN_DIR="$ROOT_DIR/local-run"
readonly S3_STORE="$LOCAL_RUN_DIR/s3"
readonly LOCAL_BUCKET="$LOCAL_RUN_DIR/bucket"
# Where the project is mounted in the spark container, and the jar it builds there.
readonly CONTAINER_APP_DIR="/opt/consent-metrics"
readonly CONTAINER_JAR="$CONTAINER_APP_DIR/target/consent-metrics.jar"

readonly COMMANDS=(help check-prereqs start run run-tests stop clean shell spark-shell generate bench)

usage() {
  cat <<EOF
Usage: ./$PROGRAM.sh COMMAND [--docker|--local] [OPTIONS]    (COMMAND --help: its own usage)

  help [COMMAND]  show this help, or a command's
  check-prereqs   report what each mode needs and what this machine has
  start           start the Docker environment (spark, s3 = MinIO, s3-setup seeds the bucket)
  run             run the job (built first if the sources changed); arguments after -- go to the job:
                  run --local -- --input DIR --output DIR; prints the run summary
  run-tests       run the whole test suite, one line per test class, then the reason of each skipped test
  stop            stop the Docker environment and remove its containers and network (compose down);
                  volumes (the bucket, the Maven cache) and images stay until 'clean'
  clean           remove the project's containers, networks, volumes and images, target/ and local-run/
  shell           a shell in the spark container, project at $CONTAINER_APP_DIR; shell -c COMMAND runs one command
  spark-shell     jshell with Spark, the job's jar and a SparkSession 'spark' on the bucket (Docker: S3;
                  local: local-run/bucket/)
  generate        make event data (JDK): --events N --hours H --output URI [...]; see generate --help
  bench           benchmark the job against DuckDB (JDK): [--events N] [--quick] [...]; see bench --help

  --docker        use the Docker environment (needs a running Docker engine and compose)
  --local         use the JDK only: a local S3 server (S3Proxy) plays MinIO; the bucket stays in local-run/
  (default)       Docker when an engine answers, local otherwise; the script says which
EOF
}

# Prints the usage of COMMAND.
command_usage() {
  local mode="[--docker|--local]"
  case "$1" in
    help) printf '%s\n' "Usage: ./$PROGRAM.sh help [COMMAND]" "" "  Shows the commands, or COMMAND's usage (the same as COMMAND --help)." ;;
    check-prereqs) printf '%s\n' "Usage: ./$PROGRAM.sh check-prereqs" "" \
      "  Reports java, docker, compose and whether a Docker engine answers, then which modes can run here." \
      "  Fails when neither mode can." ;;
    start) printf '%s\n' "Usage: ./$PROGRAM.sh start [--docker]" "" \
      "  Starts spark and s3 (MinIO; console on http://localhost:9001) and seeds the bucket with docker/minio/data/." \
      "  Docker mode only; in local mode 'run' starts and stops its own S3 server." ;;
    run) printf '%s\n' "Usage: ./$PROGRAM.sh run $mode [-- JOB_ARGS...]" "" \
      "  Runs the job on the bucket (built first if the sources changed) and prints its run summary." \
      "  Docker: spark-submit in the spark container against MinIO; the containers stay up (stop: ./$PROGRAM.sh stop)." \
      "  Local: Spark local[2] on the JDK against S3Proxy; the bucket is the folder local-run/bucket/." \
      "" "  Everything after -- goes to the job; the job's own options: ./$PROGRAM.sh run -- --help" ;;
    run-tests) printf '%s\n' "Usage: ./$PROGRAM.sh run-tests $mode" "" \
      "  Runs the whole test suite (Docker: in the spark container against MinIO, then stops the environment;" \
      "  local: on the JDK, MinIO tests skip), one line per test class, then one line per skipped test and why." ;;
    stop) printf '%s\n' "Usage: ./$PROGRAM.sh stop $mode" "" \
      "  Stops the Docker environment and removes its containers and network (compose down, without -v)." \
      "  Volumes (the bucket's data, the Maven cache) and images are kept: ./$PROGRAM.sh clean removes them." ;;
    clean) printf '%s\n' "Usage: ./$PROGRAM.sh clean $mode" "" \
      "  Docker: removes the environment's containers, networks, volumes and locally built images; both modes" \
      "  then remove target/ and local-run/." ;;
    shell) printf '%s\n' "Usage: ./$PROGRAM.sh shell [--docker] [-c COMMAND]" "" \
      "  Opens bash in the spark container (started first if needed), the project mounted at $CONTAINER_APP_DIR;" \
      "  -c COMMAND runs COMMAND there without a terminal and exits with its status: shell -c 'java -version'." \
      "  Docker mode only: in local mode your own shell already is the environment." ;;
    spark-shell) printf '%s\n' "Usage: ./$PROGRAM.sh spark-shell $mode" "" \
      "  Opens jshell with Spark's jars and the job's shaded jar (built first) on the class path; defines" \
      "  'spark' (a SparkSession) and 'bucket' (the bucket's root URI). Docker: in the spark container, S3 settings" \
      "  of spark-defaults.conf (s3a://$BUCKET on the s3 service). Local: bucket = local-run/bucket/ (run first)." \
      "  Example: spark.read().option(\"header\", true).csv(bucket + \"/data/metrics/current/\").show()" ;;
    generate) printf '%s\n' "Usage: ./$PROGRAM.sh generate --events N --hours H --output URI [...]" "" \
      "  Makes event data on the JDK. Its full options come from the tool itself once the project is built" \
      "  (./$PROGRAM.sh run --local builds it): ./$PROGRAM.sh generate --help" ;;
    bench) printf '%s\n' "Usage: ./$PROGRAM.sh bench [--events N] [--quick] [...]" "" \
      "  Benchmarks the job against DuckDB on the JDK. Its full options come from the tool itself once the" \
      "  project is built (./$PROGRAM.sh run --local builds it): ./$PROGRAM.sh bench --help" ;;
  esac
}

# Prints the options COMMAND accepts, one per line.
command_options() {
  case "$1" in
    help | check-prereqs) printf '%s\n' --help -h ;;
    run) printf '%s\n' --docker --local --help -h -- ;;
    shell) printf '%s\n' --docker --local --help -h -c ;;
    *) printf '%s\n' --docker --local --help -h ;;
  esac
}

is_command() { [[ " ${COMMANDS[*]} " == *" $1 "* ]]; }

# Prints the edit distance of two words: insertions, deletions, substitutions and swaps of neighbours.
edit_distance() {
  local a="$1" b="$2" i j cost best
  local -a before previous current
  for ((j = 0; j <= ${#b}; j++)); do previous[j]=$j; done
  for ((i = 1; i <= ${#a}; i++)); do
    current=("$i")
    for ((j = 1; j <= ${#b}; j++)); do
      cost=1
      if [[ "${a:i-1:1}" == "${b:j-1:1}" ]]; then cost=0; fi
      best=$((previous[j] + 1))
      if ((current[j - 1] + 1 < best)); then best=$((current[j - 1] + 1)); fi
      if ((previous[j - 1] + cost < best)); then best=$((previous[j - 1] + cost)); fi
      if ((i > 1 && j > 1)) && [[ "${a:i-1:1}" == "${b:j-2:1}" && "${a:i-2:1}" == "${b:j-1:1}" ]] \
        && ((before[j - 2] + 1 < best)); then
        best=$((before[j - 2] + 1))
      fi
      current[j]=$best
    done
    before=("${previous[@]}")
    previous=("${current[@]}")
  done
  echo "${previous[${#b}]}"
}

# Prints "; did you mean CANDIDATE?" for the candidate closest to WORD (at most 2 edits and fewer than half
# the word, or WORD in other case, or WORD a prefix of it); nothing when none is close.
did_you_mean() {
  local word="$1" candidate distance best="" best_distance=3
  shift
  for candidate in "$@"; do
    distance="$(edit_distance "$word" "$candidate")"
    if [[ "${word,,}" == "${candidate,,}" ]] || { ((${#word} >= 3)) && [[ "$candidate" == "$word"* ]]; }; then distance=0; fi
    if ((distance < best_distance && 2 * distance < ${#word})); then best="$candidate" best_distance=$distance; fi
  done
  if [[ -n "$best" ]]; then echo "; did you mean $best?"; fi
}

# Fails (usage error) on ARG given to COMMAND, with a suggestion; REST are the arguments after ARG.
reject_argument() {
  local command="$1" arg="$2" hint=""
  shift 2
  local -a options
  mapfile -t options < <(command_options "$command")
  if [[ "$arg" == -* ]]; then
    hint="$(did_you_mean "$arg" "${options[@]}")"
    if [[ -z "$hint" && "$command" == run ]]; then hint="; options for the job go after --: ./$PROGRAM.sh run -- $arg${*:+ $*}"; fi
    die "$command: unknown option $arg$hint (see ./$PROGRAM.sh $command --help)" 2
  fi
  if [[ "$command" == run ]]; then hint="; arguments for the job go after --: ./$PROGRAM.sh run -- $arg${*:+ $*}"; fi
  die "$command: unexpected argument: $arg$hint (see ./$PROGRAM.sh $command --help)" 2
}

say() { echo "==> $*" >&2; }
die() { echo "$PROGRAM: error: $1" >&2; exit "${2:-1}"; } # MESSAGE [STATUS: 2 for a usage error]

# --- Docker mode
docker_engine_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

# Prints the compose command: the v2 plugin if present, else v1 docker-compose; fails if neither.
compose_command() {
  if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then echo "docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then echo "docker-compose"
  else return 1; fi
}

# Prints the mode to use, docker or local: the one forced ($1) or Docker when an engine answers.
choose_mode() {
  if [[ "$1" == docker ]]; then
    docker_engine_answers || die_docker "--docker: no Docker engine answers; ./$PROGRAM.sh check-prereqs says what each mode needs"
    compose_command >/dev/null || die_docker "--docker: neither 'docker compose' nor 'docker-compose' is installed"
    echo docker
  elif [[ "$1" == local ]]; then echo local
  elif docker_engine_answers && compose_command >/dev/null; then
    say "Docker engine found: Docker mode (use --local to run on the JDK only)" && echo docker
  else
    say "no Docker engine answers: local mode (JDK only; S3Proxy plays MinIO)" && echo local
  fi
}

compose() {
  local cmd files=(-f "$COMPOSE_FILE" -f "${CONSENT_METRICS_COMPOSE_OVERRIDE:-$COMPOSE_PORTS_FILE}")
  cmd="$(compose_command)" || die "neither 'docker compose' nor 'docker-compose' is installed"
  # shellcheck disable=SC2086 # "docker compose" is two words on purpose
  $cmd --project-name "$COMPOSE_PROJECT" --project-directory "$ROOT_DIR/docker" "${files[@]}" "$@"
}

# A failure of the Docker environment itself (an image that cannot be built or pulled, compose failing).
die_docker() { die "$1 (no Docker? try --local)"; }

# Prints the names (KIND: network, volume) or ids (KIND: container) of what Docker labels as the project's.
project_resources() {
  local label="label=com.docker.compose.project=$COMPOSE_PROJECT"
  case "$1" in
    container) docker ps -a -q --filter "$label" ;;
    network) docker network ls --filter "$label" --format '{{.Name}}' ;;
    volume) docker volume ls -q --filter "$label" ;;
  esac 2>/dev/null || true
}

# Prints "N things" or "1 thing" for COUNT and NOUN.
count_of() { if (($1 == 1)); then echo "1 $2"; else echo "$1 $2s"; fi; }

# Prints "NOUN NAME" or "NOUNs NAME NAME..." for the names given; nothing without names.
named() {
  local noun="$1"
  shift
  if (($# == 1)); then echo "$noun $1"; elif (($#)); then echo "${noun}s $*"; fi
}

# Prints COMMAND's flags for `compose exec`: a terminal when this one has one, none (-T) otherwise.
exec_terminal_flag() { if [[ -t 0 && -t 1 ]]; then echo ""; else echo "-T"; fi; }

docker_start() {
  say "starting spark, s3 (MinIO) and s3-setup"
  compose up -d --build spark s3 || die_docker "cannot start the Docker environment"
  # 'run' waits for s3 to be healthy (depends_on) and returns the setup's exit status, in compose v1 and v2.
  compose run --rm s3-setup || die_docker "seeding the bucket failed"
}

docker_build_jar() {
  say "building the shaded jar inside the spark container"
  compose exec -T spark mvn -B -q -f "$CONTAINER_APP_DIR/pom.xml" package -DskipTests \
    || die_docker "build in the container failed"
}

docker_run() {
  docker_start
  docker_build_jar
  say "spark-submit $CONTAINER_JAR"
  compose exec -T spark spark-submit --class io.consentmetrics.Main "$CONTAINER_JAR" "$@" || exit $? # the job's status
  say "containers left running (stop: ./$PROGRAM.sh stop): MinIO console http://localhost:9001, Spark UI http://localhost:4040"
}

docker_run_tests() {
  local status=0 started="$ROOT_DIR/target/.tests-started"
  docker_start
  mkdir -p "$ROOT_DIR/target" && touch "$started"
  compose exec -T -e CONSENT_METRICS_IT_S3_ENDPOINT=http://s3:9000 spark \
    mvn -B -f "$CONTAINER_APP_DIR/pom.xml" test || status=$?
  compose down || say "warning: compose down failed"
  report_skipped_tests "$started"
  ((status == 0)) || die "tests failed in the container"
}

# compose down without -v: containers and the network go, volumes and images stay for 'clean'.
docker_stop() {
  local containers networks=()
  containers="$(project_resources container | wc -l)"
  mapfile -t networks < <(project_resources network)
  compose down || die_docker "compose down failed"
  if ((containers == 0 && ${#networks[@]} == 0)); then
    say "nothing to stop (no containers or network of $COMPOSE_PROJECT)"
  else
    say "stopped and removed $(count_of "$containers" container)${networks[0]:+ and $(named network "${networks[@]}")};" \
      "volumes and images kept (./$PROGRAM.sh clean removes them)"
  fi
}

docker_clean() {
  local containers networks=() volumes=() removed
  containers="$(project_resources container | wc -l)"
  mapfile -t networks < <(project_resources network)
  mapfile -t volumes < <(project_resources volume)
  compose down --volumes --rmi local --remove-orphans || die_docker "compose down failed"
  removed="$(count_of "$containers" container)"
  if ((${#networks[@]})); then removed+=", $(named network "${networks[@]}")"; fi
  if ((${#volumes[@]})); then removed+=", $(named volume "${volumes[@]}")"; fi
  say "removed $removed and the images compose built here (pulled images such as MinIO stay)"
}

# Bash in the spark container: interactive, or COMMAND when -c was given (HAS_COMMAND=1).
docker_shell() {
  local has_command="$1" command="$2" terminal
  docker_start
  if ((has_command)); then
    compose exec -T spark bash -c "$command" || exit $? # the command's status
  else
    terminal="$(exec_terminal_flag)"
    compose exec ${terminal:+"$terminal"} spark bash || exit $?
  fi
}

# jshell in the spark container, Spark's jars and the shaded jar on its class path (docker/spark/spark-shell).
docker_spark_shell() {
  local terminal
  docker_start
  docker_build_jar
  terminal="$(exec_terminal_flag)"
  say "spark-shell: jshell with Spark and $CONTAINER_JAR; 'spark' reads s3a://$BUCKET (exit: /exit)"
  compose exec ${terminal:+"$terminal"} spark bash "$CONTAINER_APP_DIR/docker/spark/spark-shell" "$CONTAINER_JAR" || exit $?
}

# --- Local mode (JDK only)
require_java() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17"
  grep -q '"17[."]' <<<"$(java -version 2>&1)" || say "warning: built and tested on JDK 17, found $(java -version 2>&1 | head -n 1)"
}

# Runs Maven; shows each build step, test class, slow test, 100th download and error; the rest: target/maven.log.
maven() {
  local line step tests=0 downloads=0 started="$SECONDS"
  mkdir -p "$ROOT_DIR/target"
  "$ROOT_DIR/mvnw" -B -f "$ROOT_DIR/pom.xml" "$@" 2>&1 | tee "$MAVEN_LOG" | while true; do
    IFS= read -r -t 15 line || {
      (($? > 128)) || break # end of output; a status over 128 is the 15 s timeout: say Maven is still at work
      echo "==>   still working ($((SECONDS - started)) s)" && continue
    }
    case "$line" in
      *" --- "*" @ "*) step="${line#*--- maven-}" && step="${step%% *}" && echo "==>   ${step%%-plugin:*}:${step##*:}" ;;
      "[INFO] Tests run:"* | "[WARNING] Tests run:"*) tests=1 && echo "$line" ;;
      "[ERROR]"* | "[test]"* | *"BUILD FAILURE"*) echo "$line" ;;
      *"BUILD SUCCESS"*) if ((tests)); then echo "$line"; fi ;;
      "Downloaded from"*) if ((++downloads % 100 == 0)); then echo "==>   $downloads files downloaded"; fi ;;
    esac
  done >&2
}

# Prints why the jar and the development tools must be (re)built; nothing when they are up to date.
stale() {
  [[ -f "$BUILD_STAMP" && -f "$JAR" && -f "$SPARK_CLASSPATH" && -f "$TEST_CLASSPATH" ]] || { echo "no build yet"; return; }
  find "$ROOT_DIR/src" "$ROOT_DIR/pom.xml" -newer "$BUILD_STAMP" -printf '%p changed\n' -quit
}

build() {
  local reason stamp="$ROOT_DIR/target/.building"
  reason="$(stale)"
  if [[ -z "$reason" ]]; then say "build up to date"; return; fi
  say "building the job (shaded jar) and the development tools: $reason"
  mkdir -p "$ROOT_DIR/target" && touch "$stamp" # changes made during the build make the next call build again
  maven package -DskipTests || die "build failed (full log: target/maven.log)"
  if [[ ! -f "$SPARK_CLASSPATH" || ! -f "$TEST_CLASSPATH" || "$ROOT_DIR/pom.xml" -nt "$TEST_CLASSPATH" ]]; then
    say "resolving the Spark and test classpaths"
    local scope
    for scope in provided:"$SPARK_CLASSPATH" test:"$TEST_CLASSPATH"; do
      maven dependency:build-classpath -Dmdep.includeScope="${scope%%:*}" -Dmdep.outputFile="${scope#*:}" \
        || die "cannot resolve the ${scope%%:*} classpath (full log: target/maven.log)"
    done
  fi
  mv "$stamp" "$BUILD_STAMP"
}

# Prints the JVM options of Spark in local mode, one per line (JDK 17 flags from pom.xml); tools add the heap.
spark_jvm_opts() {
  # The parallel collector: the deduplication keeps each task's events live, which G1 keeps copying
  # (3M events: read + parse + dedup 24.6 s -> 18.3 s, compute 2-3 s faster, lower peak RSS).
  printf '%s\n' -Dspark.master='local[2]' -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 \
    -Dspark.driver.bindAddress=127.0.0.1 "-Dlog4j.configuration=file:$LOG4J_CONFIG" \
    "-Dconsent-metrics.log-file=$SPARK_LOG" -XX:+UseParallelGC
  # Transparent huge pages, where Linux gives them on request ("madvise", or "always"): the heap in 2 MB
  # pages, so a fresh JVM takes far fewer page faults and TLB misses (3M events, six alternating pairs:
  # -1.6 / +0.1 / -3.3 / -2.2 / +0.9 / -0.6 s). Elsewhere the JVM would warn about the flag or refuse it.
  if grep -qsE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled; then
    echo -XX:+UseTransparentHugePages
  fi
  sed -n 's|.*<jdk17.spark.opens>\(--[^<]*\)</jdk17.spark.opens>.*|\1|p' "$ROOT_DIR/pom.xml" | tr ' ' '\n'
  if [[ -t 2 ]]; then echo -Dspark.ui.showConsoleProgress=true; fi # stages and tasks, on a terminal only
}

# Becomes the development tool CLASS with ARGS (exec: its exit status is the script's).
dev_tool() {
  SPARK_LOCAL_IP=127.0.0.1 exec java -Xmx1g "-Dlog4j.configuration=file:$LOG4J_CONFIG" \
    "-Dconsent-metrics.log-file=$ROOT_DIR/target/dev-tool.log" -Dproject.root="$ROOT_DIR" \
    -Ddev.spark.jvm-options="$(spark_jvm_opts)" \
    -cp "$ROOT_DIR/target/test-classes:$ROOT_DIR/target/classes:$(cat "$TEST_CLASSPATH")" "$@"
}

# Succeeds when ARGS ask for help (-h or --help).
asks_help() { [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; }

# Runs development tool CLASS of COMMAND with ARGS, built first if the sources changed. Help never builds:
# it comes from the last build, or from this script (COMMAND's usage) before the first one.
run_tool() {
  local command="$1"
  shift
  if asks_help "${@:2}" && [[ ! -f "$JAR" || ! -f "$TEST_CLASSPATH" ]]; then
    command_usage "$command"
    if [[ "$command" == run ]]; then say "the job's own --help comes after the first build: ./$PROGRAM.sh run --local"; fi
    return
  fi
  require_java
  if ! asks_help "${@:2}"; then build; fi
  dev_tool "$@"
}

# The benchmark; after --quick, says what its ratio means (the tool itself is left as it is).
bench() {
  local status=0
  if asks_help "$@" || [[ " $* " != *" --quick "* ]]; then run_tool bench io.consentmetrics.dev.Bench "$@"; return; fi
  (run_tool bench io.consentmetrics.dev.Bench "$@") || status=$? # a subshell: the tool's exec ends it, not us
  if ((status == 0)); then
    say "bench --quick: at ~100k events each run lasts a few seconds, mostly JVM and Spark start-up, so the"
    say "job / DuckDB ratio above measures start-up, not the job's throughput; bench without --quick (3M events) does"
  fi
  return "$status"
}

# Prints one line per test skipped since STAMP was touched, with its reason, from the Surefire reports.
report_skipped_tests() {
  local stamp="$1" reports="$ROOT_DIR/target/surefire-reports" file line class="" name="" message
  [[ -d "$reports" && -f "$stamp" ]] || return 0
  while IFS= read -r -d '' file; do
    while IFS= read -r line; do
      case "$line" in
        *"<testcase "*) name="$(xml_attribute name "$line")" class="$(xml_attribute classname "$line")" ;;
        *"<skipped"*) message="$(xml_attribute message "$line")"
          echo "skipped: ${class##*.}${name:+.$name}: ${message:-no reason given}" >&2 ;;
      esac
    done < <(grep -E '<testcase |<skipped' "$file" || true)
  done < <(find "$reports" -name 'TEST-*.xml' -newer "$stamp" -print0 | sort -z)
}

# Prints the value of attribute NAME in the XML LINE, entities decoded; nothing when it is absent.
xml_attribute() {
  local pattern="[[:space:]]$1=\"([^\"]*)\""
  [[ "$2" =~ $pattern ]] || return 0
  sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&#10;/ /g' -e 's/&#13;//g' \
    -e 's/&amp;/\&/g' <<<"${BASH_REMATCH[1]}"
}

local_run_tests() {
  local started="$ROOT_DIR/target/.tests-started" status=0
  require_java
  say "running the tests on the JDK (S3Proxy in the test JVM; MinIO tests skip without Docker)"
  mkdir -p "$ROOT_DIR/target" && touch "$started"
  maven test || status=$?
  report_skipped_tests "$started"
  ((status == 0)) || die "tests failed (full log: target/maven.log)"
}

# jshell on the JDK with the job's jar and Spark's jars (target/spark-classpath.txt), Spark's local JVM options,
# and 'bucket' the local bucket's folder. No S3 server runs between commands in local mode: files, not s3a://.
local_spark_shell() {
  local options=() option
  require_java
  command -v jshell >/dev/null 2>&1 || die "jshell not found: spark-shell --local needs a full JDK 17 (not a JRE)"
  build
  while IFS= read -r option; do options+=("-R$option"); done < <(spark_jvm_opts)
  [[ -d "$LOCAL_BUCKET" ]] || say "no $LOCAL_BUCKET yet: ./$PROGRAM.sh run --local fills it"
  say "spark-shell: jshell with Spark (local[2]) and the job's jar; 'bucket' is file://$LOCAL_BUCKET (exit: /exit)"
  SPARK_LOCAL_IP=127.0.0.1 exec jshell --class-path "$JAR:$(cat "$SPARK_CLASSPATH")" -R-Xmx1g "${options[@]}" \
    "-R-Dconsent.bucket=file://$LOCAL_BUCKET" "$ROOT_DIR/docker/spark/spark-shell.jsh"
}

check_prereqs() {
  local java_found=0 engine=0 compose_cmd="" compose_version
  if command -v java >/dev/null 2>&1; then java_found=1; fi
  printf '%-17s%s\n' "java:" "$( ((java_found)) && java -version 2>&1 | head -n 1 || echo 'not found (local mode needs a JDK 17)')"
  if command -v docker >/dev/null 2>&1; then
    compose_cmd="$(compose_command)" || true
    compose_version="$(${compose_cmd:-false} version 2>/dev/null | head -n 1)" || true
    if docker_engine_answers; then engine=1; fi
    printf '%-17s%s\n' "docker:" "$(docker --version 2>/dev/null || echo 'present, no version')" \
      "compose:" "${compose_cmd:-not found (neither 'docker compose' nor 'docker-compose')}${compose_cmd:+ ($compose_version)}" \
      "docker engine:" "$( ((engine)) && echo answers || echo 'does not answer')"
  else
    printf '%-17s%s\n' "docker:" "not found"
  fi
  printf '%-17s%s\n' "local mode:" "$( ((java_found)) && echo available || echo unavailable)" \
    "docker mode:" "$( ((engine)) && [[ -n "$compose_cmd" ]] && echo available || echo unavailable)"
  ((java_found || engine)) || die "neither mode can run on this machine"
}

# Runs COMMAND in MODE; ARGS: the job's arguments (run), or HAS_COMMAND COMMAND (shell).
dispatch() {
  local command="$1" mode="$2"
  shift 2
  case "$command:$mode" in
    start:docker) docker_start; say "MinIO console: http://localhost:9001 (dev credentials in docker/docker.env)" ;;
    start:local) die "start needs Docker; in local mode 'run' starts and stops its own S3 server" ;;
    run:docker) docker_run "$@" ;;
    run:local) run_tool run io.consentmetrics.dev.LocalRun --store "$S3_STORE" --bucket "$BUCKET" \
      --bucket-link "$LOCAL_BUCKET" --seed "$SEED_DIR" --env-file "$ENV_FILE" -- "$@" ;;
    run-tests:docker) docker_run_tests ;;
    run-tests:local) local_run_tests ;;
    stop:docker) docker_stop ;;
    stop:local) say "local mode: nothing to stop (nothing runs between commands)" ;;
    clean:docker) docker_clean; dispatch clean local ;;
    clean:local) local_clean ;;
    shell:docker) docker_shell "$@" ;;
    shell:local) die "shell needs Docker mode (a shell in the spark container); locally your own shell is the environment, and spark-shell --local opens jshell with the job's classpath" ;;
    spark-shell:docker) docker_spark_shell ;;
    spark-shell:local) local_spark_shell ;;
  esac
}

local_clean() {
  local removed=() dir
  for dir in "$ROOT_DIR/target" "$LOCAL_RUN_DIR"; do
    if [[ -e "$dir" ]]; then rm -rf "$dir" && removed+=("${dir#"$ROOT_DIR"/}/"); fi
  done
  if ((${#removed[@]})); then say "removed ${removed[*]}"; else say "nothing to remove (no target/ or local-run/)"; fi
}

# The one option parser: per command, --docker/--local, --help, -c (shell) and the job's arguments after -- (run).
main() {
  local command="${1:-help}" mode_flag="" help=0 has_command=0 shell_command="" job_args=() mode
  if (($#)); then shift; fi
  case "$command" in
    -h | --help) command=help ;;
    generate) run_tool generate io.consentmetrics.dev.EventGenerator "$@"; return ;; # the tools take all their arguments
    bench) bench "$@"; return ;;
  esac
  is_command "$command" || die "unknown command: $command$(did_you_mean "$command" "${COMMANDS[@]}") (see ./$PROGRAM.sh help)" 2
  if [[ "$command" == help && $# -gt 0 && "$1" != -* ]]; then
    is_command "$1" || die "help: unknown command: $1$(did_you_mean "$1" "${COMMANDS[@]}")" 2
    command_usage "$1"
    return
  fi
  while (($#)); do
    # A here-string, not a pipe: grep -q may quit before printf has written, and pipefail would see SIGPIPE.
    grep -qxF -- "$1" <<<"$(command_options "$command")" || reject_argument "$command" "$@"
    case "$1" in
      --docker | --local) mode_flag="${1#--}" ;;
      -h | --help) help=1 ;;
      -c) (($# >= 2)) || die "shell: -c needs a COMMAND, e.g. shell -c 'java -version'" 2
        has_command=1 shell_command="$2"
        shift ;;
      --) shift; job_args=("$@"); break ;;
    esac
    shift
  done
  if ((help)); then command_usage "$command"; return; fi
  if [[ "$command" == help ]]; then usage; return; fi
  case "$command" in
    check-prereqs) check_prereqs ;;
    shell) mode="$(choose_mode "$mode_flag")" # its own line: a failure stops the script
      dispatch shell "$mode" "$has_command" "$shell_command" ;;
    *) mode="$(choose_mode "$mode_flag")"
      dispatch "$command" "$mode" ${job_args[@]+"${job_args[@]}"} ;;
  esac
}

main "$@"
