#!/usr/bin/env bash
# Start-up time and idle memory of the gateway jar.
#
#   bench/startup.sh [RUNS] [-- extra gateway args...]
#
#   env: JAR    the gateway jar (default /tmp/bench/caravan.jar)
#        SETTLE seconds of idle between health UP and the RSS reading (default 5)
#        JAVA_OPTS extra JVM options (default none: the JVM's own defaults)
#
# Each run starts `java -jar $JAR --server.port=<free port>` in a fresh temporary directory
# (CARAVAN_DATA_DIR there, so H2/Artemis/folders are created from scratch), with the embedded
# broker's TCP acceptor off (so that runs do not clash with anything on 61616). It measures the
# wall time from launch to the first {"status":"UP"} from /actuator/health, polled every 100 ms
# with curl; then waits SETTLE s and reads the resident set size (ps -o rss=); then sends SIGTERM
# and measures how long the process takes to exit. Prints one line per run and the medians.
set -euo pipefail

JAR=${JAR:-/tmp/bench/caravan.jar}
SETTLE=${SETTLE:-5}
RUNS=3
if [[ $# -gt 0 && $1 != "--" ]]; then RUNS=$1; shift; fi
if [[ $# -gt 0 && $1 == "--" ]]; then shift; fi
EXTRA=("$@")

[[ -f $JAR ]] || { echo "no jar at $JAR (set JAR=...)" >&2; exit 2; }
JAR=$(readlink -f "$JAR")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# user+system CPU time the process has used so far, in ms (from /proc/PID/stat, clock ticks)
cpu_ms_of() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14+$15)*1000/hz)}' "/proc/$1/stat"; }
# other people's builds on a shared machine (the load average also counts our own JVM's threads)
others() { { pgrep -f 'plexus-classworlds|surefirebooter' || true; } | wc -l; }
# seconds from the log's "Starting CaravanApplication" line to a few landmarks of the start-up
phases_of() {
    awk '
        function t(line) { split(substr(line, 12, 12), a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
        /Starting CaravanApplication/ && !s0 { s0 = t($0) }
        /Tomcat started on port/ && !tc { tc = t($0) }
        /Apache Camel .* is starting/ && !cs { cs = t($0) }
        /Started CaravanApplication/ && !st { st = t($0) }
        END { printf "log: tomcat_started=+%.1fs camel_starting=+%.1fs app_started=+%.1fs", tc - s0, cs - s0, st - s0 }
    ' "$1"
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }

PID=""
WORK=""
cleanup() {
    if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    if [[ -n $WORK && -z ${KEEP:-} ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

echo "# startup: jar=$JAR ($(du -m "$JAR" | cut -f1) MB) runs=$RUNS settle=${SETTLE}s java_opts='${JAVA_OPTS:-}' extra='${EXTRA[*]:-}'"
echo "# $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB RAM, $(java -version 2>&1 | head -1)"

starts=(); cpus=(); rsss=(); stops=()
for run in $(seq 1 "$RUNS"); do
    WORK=$(mktemp -d /tmp/caravan-startup.XXXXXX)
    port=$(free_port)
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    builds0=$(others)
    cd "$WORK"
    t0=$(now_ms)
    # shellcheck disable=SC2086
    CARAVAN_DATA_DIR="$WORK/data" CARAVAN_JMS_ACCEPTOR_ENABLED=false \
        java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$port" "${EXTRA[@]}" >"$WORK/gateway.log" 2>&1 &
    PID=$!
    up=""
    while kill -0 "$PID" 2>/dev/null; do
        if curl -s -m 1 "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
            up=$(now_ms); break
        fi
        sleep 0.1
        if (( $(now_ms) - t0 > 180000 )); then break; fi
    done
    if [[ -z $up ]]; then
        echo "run $run: gateway did not report UP (log: $WORK/gateway.log)"; tail -20 "$WORK/gateway.log"; KEEP=1; exit 1
    fi
    start_ms=$(( up - t0 ))
    builds1=$(others)
    cpu_ms=$(cpu_ms_of "$PID")
    started_line=$(grep -o 'Started CaravanApplication in [0-9.]* seconds (process running for [0-9.]*)' "$WORK/gateway.log" || true)
    phases=$(phases_of "$WORK/gateway.log")
    sleep "$SETTLE"
    rss_kb=$(ps -o rss= -p "$PID" | tr -d ' ')
    rss_mb=$(( rss_kb / 1024 ))
    s0=$(now_ms)
    kill -TERM "$PID"
    wait "$PID" 2>/dev/null || true
    stop_ms=$(( $(now_ms) - s0 ))
    PID=""
    echo "run $run: load_before=[$load] maven_procs_at_launch/UP=$builds0/$builds1 start_to_UP_ms=$start_ms cpu_to_UP_ms=$cpu_ms idle_rss_mb=$rss_mb stop_ms=$stop_ms"
    echo "       $phases; spring: ${started_line:-n/a}"
    starts+=("$start_ms"); cpus+=("$cpu_ms"); rsss+=("$rss_mb"); stops+=("$stop_ms")
    cd /; rm -rf "$WORK"; WORK=""
done

echo "median: start_to_UP_ms=$(printf '%s\n' "${starts[@]}" | median) cpu_to_UP_ms=$(printf '%s\n' "${cpus[@]}" | median) idle_rss_mb=$(printf '%s\n' "${rsss[@]}" | median) stop_ms=$(printf '%s\n' "${stops[@]}" | median)"
