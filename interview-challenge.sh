#!/usr/bin/env bash
# Development driver of the consent-metrics job: runs the job and its tests in Docker (Spark + MinIO
# containers) when a Docker engine answers, or locally on the JDK otherwise; rebuilds only what changed.
# The local run, the generator and the benchmark are Java tools (src/test/java/io/consentmetrics/dev/).
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

usage() {
  cat <<EOF
Usage: ./$PROGRAM.sh COMMAND [--docker|--local] [-- JOB_ARGS...]

  help           show this help
  check-prereqs  report what each mode needs and what this machine has
  start          start the Docker environment (spark, s3 = MinIO, s3-setup seeds the bucket)
  run            run the job (built first if the sources changed); arguments after -- go to the job:
                 run --local -- --input DIR --output DIR; prints the run summary
  run-tests      run the whole test suite, one line per test class
  stop           stop the Docker environment (containers are kept)
  clean          remove the project's containers, volumes and images, target/ and local-run/
  generate       make event data (JDK): --events N --hours H --output URI [...]; see generate --help
  bench          benchmark the job against DuckDB (JDK): [--events N] [--quick] [...]; see bench --help

  --docker       use the Docker environment (needs a running Docker engine and compose)
  --local        use the JDK only: a local S3 server (S3Proxy) plays MinIO; the bucket stays in local-run/
  (default)      Docker when an engine answers, local otherwise; the script says which
EOF
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
    docker_engine_answers || die "--docker: no Docker engine answers (run ./$PROGRAM.sh check-prereqs)"
    compose_command >/dev/null || die "--docker: neither 'docker compose' nor 'docker-compose' is installed"
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

docker_start() {
  say "starting spark, s3 (MinIO) and s3-setup"
  compose up -d --build spark s3 || die "cannot start the Docker environment"
  # 'run' waits for s3 to be healthy (depends_on) and returns the setup's exit status, in compose v1 and v2.
  compose run --rm s3-setup || die "seeding the bucket failed"
}

docker_run() {
  docker_start
  say "building the shaded jar inside the spark container"
  compose exec -T spark mvn -B -q -f "$CONTAINER_APP_DIR/pom.xml" package -DskipTests || die "build in the container failed"
  say "spark-submit $CONTAINER_JAR"
  compose exec -T spark spark-submit --class io.consentmetrics.Main "$CONTAINER_JAR" "$@" || exit $? # the job's status
  say "containers left running (stop: ./$PROGRAM.sh stop): MinIO console http://localhost:9001, Spark UI http://localhost:4040"
}

docker_run_tests() {
  local status=0
  docker_start
  compose exec -T -e CONSENT_METRICS_IT_S3_ENDPOINT=http://s3:9000 spark \
    mvn -B -f "$CONTAINER_APP_DIR/pom.xml" test || status=$?
  compose down || say "warning: compose down failed"
  ((status == 0)) || die "tests failed in the container"
}

# --- Local mode (JDK only)
require_java() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17"
  java -version 2>&1 | grep -q '"17[."]' || say "warning: built and tested on JDK 17, found $(java -version 2>&1 | head -n 1)"
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
    -Dspark.driver.bindAddress=127.0.0.1 "-Dlog4j.configuration=file:$LOG4J_CONFIG" -XX:+UseParallelGC
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
  SPARK_LOCAL_IP=127.0.0.1 exec java -Xmx1g "-Dlog4j.configuration=file:$LOG4J_CONFIG" -Dproject.root="$ROOT_DIR" \
    -Ddev.spark.jvm-options="$(spark_jvm_opts)" \
    -cp "$ROOT_DIR/target/test-classes:$ROOT_DIR/target/classes:$(cat "$TEST_CLASSPATH")" "$@"
}

# Succeeds when ARGS ask for help (-h or --help).
asks_help() { [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; }

# Runs development tool CLASS with ARGS, built first if the sources changed. Help never builds: it comes
# from the last build, or from this script before the first one.
run_tool() {
  require_java
  if ! asks_help "${@:2}"; then build; elif [[ ! -f "$JAR" || ! -f "$TEST_CLASSPATH" ]]; then usage; return; fi
  dev_tool "$@"
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

# Runs COMMAND in MODE with the job arguments.
dispatch() {
  local command="$1" mode="$2"
  shift 2
  case "$command:$mode" in
    start:docker) docker_start; say "MinIO console: http://localhost:9001 (dev credentials in docker/docker.env)" ;;
    start:local) die "start needs Docker; in local mode 'run' starts and stops its own S3 server" ;;
    run:docker) docker_run "$@" ;;
    run:local) run_tool io.consentmetrics.dev.LocalRun --store "$S3_STORE" --bucket "$BUCKET" \
      --bucket-link "$LOCAL_BUCKET" --seed "$SEED_DIR" --env-file "$ENV_FILE" -- "$@" ;;
    run-tests:docker) docker_run_tests ;;
    run-tests:local) require_java; say "running the tests on the JDK (S3Proxy in the test JVM; MinIO tests skip without Docker)"
      maven test || die "tests failed (full log: target/maven.log)" ;;
    stop:docker) compose stop || die "compose stop failed" ;;
    stop:local) say "local mode: nothing runs between commands" ;;
    clean:docker) compose down --volumes --rmi local --remove-orphans || die "compose down failed"; dispatch clean local ;;
    clean:local) rm -rf "$LOCAL_RUN_DIR" "$ROOT_DIR/target" && say "removed build output and $LOCAL_RUN_DIR" ;;
  esac
}

# The one option parser: --docker/--local, --help, and the job's arguments after --.
main() {
  local command="${1:-help}" mode_flag="" help=0 job_args=() mode
  if (($#)); then shift; fi
  case "$command" in # the tools take all their arguments
    generate) run_tool io.consentmetrics.dev.EventGenerator "$@"; return ;;
    bench) run_tool io.consentmetrics.dev.Bench "$@"; return ;;
  esac
  while (($#)); do
    case "$1" in
      --docker | --local) mode_flag="${1#--}" ;;
      -h | --help) help=1 ;;
      --) shift; job_args=("$@"); break ;;
      *) [[ "$command" == run && "$1" == -* ]] || die "unexpected argument: $1 (see ./$PROGRAM.sh help)" 2
        die "unknown option: $1; job arguments go after --: ./$PROGRAM.sh run${mode_flag:+ --$mode_flag} -- $*" 2 ;;
    esac
    shift
  done
  case "$command" in
    help | -h | --help) usage ;;
    check-prereqs) if ((help)); then usage; else check_prereqs; fi ;;
    start | run | run-tests | stop | clean)
      if ((help)); then usage; return; fi
      mode="$(choose_mode "$mode_flag")" # its own line: a failure stops the script
      dispatch "$command" "$mode" ${job_args[@]+"${job_args[@]}"} ;;
    *) die "unknown command: $command (see ./$PROGRAM.sh help)" 2 ;;
  esac
}

main "$@"
