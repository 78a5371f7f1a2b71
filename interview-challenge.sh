#!/usr/bin/env bash
# Development driver of the consent-metrics job: runs the job and its tests, in Docker
# (Spark + MinIO containers) when a Docker engine answers, or locally on the JDK otherwise.
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
readonly LOCAL_RUN_DIR="$ROOT_DIR/local-run"
# Where the project is mounted in the spark container, and the jar it builds there.
readonly CONTAINER_APP_DIR="/opt/consent-metrics"
readonly CONTAINER_JAR="$CONTAINER_APP_DIR/target/consent-metrics.jar"
# Spark 3.2 on JDK 17: the module access Spark and Kryo need (same list as pom.xml and spark-defaults.conf).
readonly JDK17_SPARK_OPTS=(
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
)

usage() {
  cat <<EOF
Usage: ./$PROGRAM.sh COMMAND [--docker|--local] [-- JOB_ARGS...]

Commands:
  help           show this help
  check-prereqs  report what each mode needs and what this machine has
  start          start the Docker environment (spark, s3 = MinIO, s3-setup seeds the bucket)
  run            build the job and run it on the bucket's sample data; prints the run summary
  run-tests      run the whole test suite
  stop           stop the Docker environment (containers are kept)
  generate       make event data: generate --events N --hours H --output URI [--seed S]
                 [--faults RATE] [--files-per-hour F] [--start YYYY-MM-DD-HH] [--gzip]
  bench          benchmark the job against DuckDB on 3 million generated events (local mode)
  clean          remove containers, volumes, images and networks of the project, and build output

Modes:
  --docker       use the Docker environment (needs a running Docker engine and compose)
  --local        use the JDK only: an in-process S3 server (S3Proxy) on 127.0.0.1 plays MinIO
  (default)      Docker when an engine answers, local otherwise; the script says which

Arguments after -- go to the job, e.g.:
  ./$PROGRAM.sh run --local -- --input /data/events --output /tmp/metrics
EOF
}

die() {
  echo "$PROGRAM: error: $*" >&2
  exit 1
}

say() {
  echo "==> $*" >&2
}

# ---------------------------------------------------------------------------------------------
# Mode selection

docker_engine_answers() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

# Prints the compose command: the v2 plugin if present, else v1 docker-compose.
compose_command() {
  if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    echo "docker compose"
  elif command -v docker-compose >/dev/null 2>&1; then
    echo "docker-compose"
  else
    return 1
  fi
}

# Sets MODE from the --docker/--local flag, or from whether a Docker engine answers.
choose_mode() {
  local forced="$1"
  case "$forced" in
    docker)
      docker_engine_answers || die "--docker: no Docker engine answers (run ./$PROGRAM.sh check-prereqs)"
      compose_command >/dev/null || die "--docker: neither 'docker compose' nor 'docker-compose' is installed"
      MODE=docker
      ;;
    local)
      MODE=local
      ;;
    *)
      if docker_engine_answers && compose_command >/dev/null; then
        MODE=docker
        say "Docker engine found: Docker mode (use --local to run on the JDK only)"
      else
        MODE=local
        say "no Docker engine answers: local mode (JDK only; S3Proxy plays MinIO)"
      fi
      ;;
  esac
}

compose() {
  local cmd
  cmd="$(compose_command)" || die "neither 'docker compose' nor 'docker-compose' is installed"
  # shellcheck disable=SC2086 # "docker compose" is two words on purpose
  local files=(-f "$COMPOSE_FILE")
  # CI's live Docker test runs on the host's network with its override file instead of the ports.
  if [[ -n "${CONSENT_METRICS_COMPOSE_OVERRIDE:-}" ]]; then
    files+=(-f "$CONSENT_METRICS_COMPOSE_OVERRIDE")
  else
    files+=(-f "$COMPOSE_PORTS_FILE")
  fi
  $cmd --project-name "$COMPOSE_PROJECT" --project-directory "$ROOT_DIR/docker" "${files[@]}" "$@"
}

# ---------------------------------------------------------------------------------------------
# Local mode

require_java() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17"
  local version
  version="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  [[ "$version" == "17" ]] || say "warning: java $version found; the job is built and tested on JDK 17"
}

mvnw() {
  "$ROOT_DIR/mvnw" -B -q -f "$ROOT_DIR/pom.xml" "$@"
}

# Builds the shaded jar and writes the classpaths the local run needs.
local_build() {
  say "building the job (shaded jar) and the development tools"
  mvnw package -DskipTests \
    || die "build failed"
  mvnw dependency:build-classpath -Dmdep.includeScope=provided \
    -Dmdep.outputFile="$ROOT_DIR/target/spark-classpath.txt" >/dev/null \
    || die "cannot resolve the Spark classpath"
  mvnw dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$ROOT_DIR/target/test-classpath.txt" >/dev/null \
    || die "cannot resolve the test classpath"
}

load_dev_credentials() {
  [[ -f "$ENV_FILE" ]] || die "missing $ENV_FILE"
  AWS_ACCESS_KEY_ID="$(sed -n 's/^AWS_ACCESS_KEY_ID=//p' "$ENV_FILE")"
  AWS_SECRET_ACCESS_KEY="$(sed -n 's/^AWS_SECRET_ACCESS_KEY=//p' "$ENV_FILE")"
  [[ -n "$AWS_ACCESS_KEY_ID" && -n "$AWS_SECRET_ACCESS_KEY" ]] || die "no AWS credentials in $ENV_FILE"
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
}

S3_SERVER_PID=""

# Starts S3Proxy on a free port of 127.0.0.1, seeded like the compose file's s3-setup; sets S3_ENDPOINT.
start_local_s3() {
  local endpoint_file="$LOCAL_RUN_DIR/s3-endpoint" log="$LOCAL_RUN_DIR/s3proxy.log"
  rm -rf "$LOCAL_RUN_DIR/bucket" "$endpoint_file"
  mkdir -p "$LOCAL_RUN_DIR"
  java -Xmx1g -Dlog4j.configuration="file:$LOG4J_CONFIG" \
    -cp "$ROOT_DIR/target/test-classes:$ROOT_DIR/target/classes:$(cat "$ROOT_DIR/target/test-classpath.txt")" \
    io.consentmetrics.dev.LocalS3Server --bucket "$BUCKET" --seed "$SEED_DIR" \
    --endpoint-file "$endpoint_file" --export "$LOCAL_RUN_DIR/bucket/data/metrics" >"$log" 2>&1 &
  S3_SERVER_PID=$!
  local waited=0
  until [[ -s "$endpoint_file" ]]; do
    kill -0 "$S3_SERVER_PID" 2>/dev/null || die "the local S3 server stopped; see $log"
    ((waited++ < 600)) || die "the local S3 server did not start within 60 s; see $log"
    sleep 0.1
  done
  S3_ENDPOINT="$(cat "$endpoint_file")"
  say "S3 API (S3Proxy) at $S3_ENDPOINT, bucket $BUCKET seeded from docker/minio/data/"
}

# Stops the server; on its way out it exports the bucket's data/metrics/ to local-run/bucket/.
stop_local_s3() {
  if [[ -n "$S3_SERVER_PID" ]]; then
    kill -TERM "$S3_SERVER_PID" 2>/dev/null || true
    wait "$S3_SERVER_PID" 2>/dev/null || true
    S3_SERVER_PID=""
  fi
}

# Sets JOB_COMMAND: the shaded jar's Main in Spark local mode on 127.0.0.1, with heap $1.
job_command() {
  JOB_COMMAND=(env SPARK_LOCAL_IP=127.0.0.1 java "-Xmx$1" "${JDK17_SPARK_OPTS[@]}"
    -Dspark.master='local[2]' -Dspark.ui.enabled=false
    -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1
    -Dlog4j.configuration="file:$LOG4J_CONFIG"
    -cp "$JAR:$(cat "$ROOT_DIR/target/spark-classpath.txt")"
    io.consentmetrics.Main)
}

run_job_locally() {
  job_command 2g
  AWS_S3_ENDPOINT_URL="$S3_ENDPOINT" "${JOB_COMMAND[@]}" "$@"
}

local_run() {
  require_java
  local_build
  load_dev_credentials
  trap stop_local_s3 EXIT
  start_local_s3
  say "running the job in Spark local mode (S3 endpoint $S3_ENDPOINT)${1:+ with arguments: $*}"
  local status=0
  run_job_locally "$@" || status=$?
  stop_local_s3
  if ((status != 0)); then
    die "the job failed (exit status $status)"
  fi
  if [[ -d "$LOCAL_RUN_DIR/bucket/data/metrics" ]]; then
    say "done. The bucket's data/metrics/ is on local disk: $LOCAL_RUN_DIR/bucket/data/metrics"
    say "  current metrics: $LOCAL_RUN_DIR/bucket/data/metrics/current/metrics.csv"
  else
    say "done. The job wrote to the --output it was given."
  fi
}

local_run_tests() {
  require_java
  say "running the test suite on the JDK (S3Proxy in the test JVM; MinIO tests skip without Docker)"
  SPARK_LOCAL_IP=127.0.0.1 "$ROOT_DIR/mvnw" -B -f "$ROOT_DIR/pom.xml" test \
    || die "tests failed"
}

# ---------------------------------------------------------------------------------------------
# Docker mode

docker_start() {
  say "starting spark, s3 (MinIO) and s3-setup"
  compose up -d --build spark s3 || die "cannot start the Docker environment"
  # 'run' waits for s3 to be healthy (depends_on) and returns the setup's exit status, in compose v1 and v2.
  compose run --rm s3-setup || die "seeding the bucket failed"
}

docker_run() {
  docker_start
  say "building the shaded jar inside the spark container"
  compose exec -T spark mvn -B -q -f "$CONTAINER_APP_DIR/pom.xml" package -DskipTests \
    || die "build in the container failed"
  say "spark-submit $CONTAINER_JAR"
  compose exec -T spark spark-submit --class io.consentmetrics.Main "$CONTAINER_JAR" "$@" \
    || die "the job failed"
  say "containers left running for inspection: MinIO console http://localhost:9001, Spark UI http://localhost:4040 (while a job runs)"
  say "stop them with ./$PROGRAM.sh stop"
}

docker_run_tests() {
  docker_start
  local status=0
  compose exec -T -e CONSENT_METRICS_IT_S3_ENDPOINT=http://s3:9000 spark \
    mvn -B -f "$CONTAINER_APP_DIR/pom.xml" test || status=$?
  compose down || say "warning: compose down failed"
  ((status == 0)) || die "tests failed in the container"
}

# ---------------------------------------------------------------------------------------------
# Generator and benchmark (JDK only)

readonly BENCH_DIR="$ROOT_DIR/target/bench"
readonly BENCH_EVENTS=3000000

dev_java() {
  java -Xmx1g -Dlog4j.configuration="file:$LOG4J_CONFIG" \
    -cp "$ROOT_DIR/target/test-classes:$ROOT_DIR/target/classes:$(cat "$ROOT_DIR/target/test-classpath.txt")" "$@"
}

cmd_generate() {
  require_java
  local_build
  dev_java io.consentmetrics.dev.EventGenerator "$@" || die "generation failed"
}

# Generates a data set once; later calls reuse it.
bench_data() {
  local dir="$1" events="$2"
  if [[ ! -f "$dir/.complete" ]]; then
    say "generating $events clean events over 24 hours in 96 files under $dir (once)"
    rm -rf "$dir"
    dev_java io.consentmetrics.dev.EventGenerator --events "$events" --hours 24 --files-per-hour 4 \
      --seed 2021 --faults 0 --output "$dir" || die "generation failed"
    touch "$dir/.complete"
  fi
}

# Runs a command under GNU time; prints "seconds max_rss_kib".
measure() {
  local stats="$BENCH_DIR/time.txt"
  /usr/bin/time -f "%e %M" -o "$stats" "$@" >"$BENCH_DIR/last-run.log" 2>&1 \
    || { tail -n 20 "$BENCH_DIR/last-run.log" >&2; die "benchmark run failed: $*"; }
  cat "$stats"
}

bench_job() {
  rm -rf "$2"
  job_command 1g
  measure "${JOB_COMMAND[@]}" --input "$1" --output "$2"
}

bench_duckdb() {
  rm -f "$2"
  measure java -Xmx1g -cp "$ROOT_DIR/target/test-classes:$(cat "$ROOT_DIR/target/test-classpath.txt")" \
    io.consentmetrics.dev.DuckDbMetrics "$1" "$2" 2
}

median() {
  sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
}

cmd_bench() {
  command -v /usr/bin/time >/dev/null || die "bench needs GNU time (/usr/bin/time; Debian package 'time')"
  require_java
  local_build
  mkdir -p "$BENCH_DIR"
  local data="$BENCH_DIR/events-3m" big="$BENCH_DIR/events-12m" rounds=3 job_times=() duck_times=()
  local job_rss=0 duck_rss=0 seconds rss
  bench_data "$data" "$BENCH_EVENTS"
  local bytes
  bytes="$(du -sb "$data" | cut -f1)"
  for ((i = 1; i <= rounds; i++)); do
    read -r seconds rss < <(bench_job "$data" "$BENCH_DIR/job-out")
    job_times+=("$seconds")
    if ((rss > job_rss)); then job_rss=$rss; fi
    say "round $i: job ${seconds}s (peak RSS $((rss / 1024)) MiB)"
    read -r seconds rss < <(bench_duckdb "$data" "$BENCH_DIR/duckdb.csv")
    duck_times+=("$seconds")
    if ((rss > duck_rss)); then duck_rss=$rss; fi
    say "round $i: duckdb ${seconds}s (peak RSS $((rss / 1024)) MiB)"
  done
  python3 - "$BENCH_DIR/job-out/current/metrics.csv" "$BENCH_DIR/duckdb.csv" <<'PY' || die "the job and DuckDB disagree"
import csv, sys
def rows(path):
    with open(path) as f:
        body = list(csv.reader(f))[1:]
    return [tuple(round(float(v), 9) if i == 9 and v else v for i, v in enumerate(r)) for r in body]
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if a != b:
    sys.exit(f"results differ: {len(a)} job rows, {len(b)} DuckDB rows")
print(f"==> results agree: {len(a)} identical rows")
PY
  local job_median duck_median
  job_median="$(printf '%s\n' "${job_times[@]}" | median)"
  duck_median="$(printf '%s\n' "${duck_times[@]}" | median)"

  bench_data "$big" $((BENCH_EVENTS * 4))
  local big_seconds big_rss
  read -r big_seconds big_rss < <(bench_job "$big" "$BENCH_DIR/job-out-12m")
  say "4x data: job ${big_seconds}s (peak RSS $((big_rss / 1024)) MiB)"

  awk -v n="$BENCH_EVENTS" -v bytes="$bytes" -v j="$job_median" -v d="$duck_median" \
    -v jr="$job_rss" -v dr="$duck_rss" -v bs="$big_seconds" -v br="$big_rss" -v rounds="$rounds" 'BEGIN {
    mb = bytes / 1048576
    printf "\nBenchmark: %d events, %.0f MiB JSON in 96 files, Spark local[2], -Xmx1g, medians of %d alternating runs\n", n, mb, rounds
    printf "%-28s %10s %12s %10s %14s\n", "", "median s", "events/s", "MiB/s", "peak RSS MiB"
    printf "%-28s %10.1f %12.0f %10.1f %14.0f\n", "job (JVM start to outputs)", j, n / j, mb / j, jr / 1024
    printf "%-28s %10.1f %12.0f %10.1f %14.0f\n", "DuckDB (JDBC, 2 threads)", d, n / d, mb / d, dr / 1024
    printf "job / DuckDB: %.2fx    4x data: %.1f s = %.2fx the time (peak RSS %.0f MiB)\n", j / d, bs, bs / j, br / 1024
  }'
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_help() {
  usage
}

cmd_check_prereqs() {
  local ok_local=0 ok_docker=0 compose_cmd
  if command -v java >/dev/null 2>&1; then
    echo "java:            $(java -version 2>&1 | head -n 1)"
    ok_local=1
  else
    echo "java:            not found (local mode needs a JDK 17)"
  fi
  if command -v docker >/dev/null 2>&1; then
    echo "docker:          $(docker --version 2>/dev/null || echo 'present, no version')"
    if compose_cmd="$(compose_command)"; then
      # shellcheck disable=SC2086
      echo "compose:         $compose_cmd ($($compose_cmd version 2>/dev/null | head -n 1))"
    else
      echo "compose:         not found (neither 'docker compose' nor 'docker-compose')"
    fi
    if docker_engine_answers; then
      echo "docker engine:   answers"
      [[ -n "${compose_cmd:-}" ]] && ok_docker=1
    else
      echo "docker engine:   does not answer"
    fi
  else
    echo "docker:          not found"
  fi
  echo "local mode:      $( ((ok_local)) && echo available || echo unavailable)"
  echo "docker mode:     $( ((ok_docker)) && echo available || echo unavailable)"
  ((ok_local || ok_docker)) || die "neither mode can run on this machine"
}

cmd_start() {
  [[ "$MODE" == docker ]] || die "start needs Docker; in local mode 'run' starts and stops its own S3 server"
  docker_start
  say "MinIO console: http://localhost:9001 (dev credentials in docker/docker.env)"
}

cmd_run() {
  if [[ "$MODE" == docker ]]; then docker_run "$@"; else local_run "$@"; fi
}

cmd_run_tests() {
  if [[ "$MODE" == docker ]]; then docker_run_tests; else local_run_tests; fi
}

cmd_stop() {
  if [[ "$MODE" == docker ]]; then
    compose stop || die "compose stop failed"
  else
    say "local mode: nothing runs between commands"
  fi
}

cmd_clean() {
  if [[ "$MODE" == docker ]]; then
    compose down --volumes --rmi local --remove-orphans || die "compose down failed"
  fi
  rm -rf "$LOCAL_RUN_DIR" "$ROOT_DIR/target"
  say "removed build output and $LOCAL_RUN_DIR"
}

main() {
  local command="${1:-help}"
  [[ $# -gt 0 ]] && shift
  if [[ "$command" == generate ]]; then
    cmd_generate "$@"
    return
  fi
  local forced="" job_args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --docker) forced=docker ;;
      --local) forced=local ;;
      --) shift; job_args=("$@"); break ;;
      *) die "unknown option: $1 (see ./$PROGRAM.sh help)" ;;
    esac
    shift
  done
  case "$command" in
    help | -h | --help) cmd_help; return ;;
    check-prereqs) cmd_check_prereqs; return ;;
    bench) cmd_bench; return ;;
    start | run | run-tests | stop | clean) ;;
    *) die "unknown command: $command (see ./$PROGRAM.sh help)" ;;
  esac
  MODE=""
  choose_mode "$forced"
  case "$command" in
    start) cmd_start ;;
    run) cmd_run ${job_args[@]+"${job_args[@]}"} ;;
    run-tests) cmd_run_tests ;;
    stop) cmd_stop ;;
    clean) cmd_clean ;;
  esac
}

main "$@"
