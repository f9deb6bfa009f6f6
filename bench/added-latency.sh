#!/usr/bin/env bash
# Latency the gateway adds to a chat completion: the same request sent (a) straight to the
# standalone simulator and (b) through the gateway, which forwards it to that same simulator.
#
#   bench/added-latency.sh
#
#   env: JAR          the gateway jar (default /tmp/bench/caravan.jar)
#        C1_REQUESTS  measured requests at concurrency 1  (default 3000)
#        C16_REQUESTS measured requests at concurrency 16 (default 8000)
#        WARMUP       unrecorded requests before each measurement (default 1000)
#        PREWARM_DIRECT / PREWARM_GATEWAY  requests at concurrency 16 sent once, after start-up,
#                     to warm each server's JIT (defaults 10000 / 25000), then PREWARM_C1 (8000)
#                     to each at concurrency 1. On 2 cores the gateway's C2 compiler was still
#                     busy for seconds per run after 8000 requests, and again when the load
#                     switched from concurrency 16 to 1; the per-run thread CPU shows how much.
#        BODY         request body (default: sim-small, one short user message)
#        GOVERNED=1   callers send a virtual key of a tenant that has a rate limit, a concurrency
#                     limit and a daily budget (all far above what the run uses, so nothing is
#                     refused): what authentication, rate limits and the budget ledger (H2) add
#        PROFILE=1    afterwards, one more gateway run at concurrency 16 under JFR, summarised by
#                     bench/JfrTop.java (file: PROFILE_OUT, default /tmp/caravan-gateway-c16.jfr)
#
# The response cache is off (--caravan.cache.enabled=false): every request must reach the
# provider, this measures the provider path; bench/cache-latency.sh measures cache hits.
# The simulator runs as its own process with sim-small answering instantly (latency-ms=0,
# tokens-per-second=0), so what is left in (a) is HTTP + JSON + the simulator's own work, and
# (b) - (a) is what the gateway adds. Both processes, and the load generator, share this
# machine's cores. Before the measured runs each target is warmed (PREWARM_*).
#
# For each run the script also prints:
#   - CPU per request of both servers (user+sys from /proc/PID/stat, over the run including its
#     warm-up, divided by all requests of the run);
#   - the gateway's CPU by kind of thread (bench/thread-cpu.sh), which shows whether the JIT was
#     still compiling (threads that exited during the run are missing from it: see the caveat
#     in thread-cpu.sh);
#   - for runs through the gateway, the mean time per Camel route (camel_route_policy_seconds
#     from /actuator/prometheus, differenced across exactly the measured requests) next to
#     Spring's http.server.requests mean.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(readlink -f "${JAR:-/tmp/bench/caravan.jar}")
C1_REQUESTS=${C1_REQUESTS:-3000}
C16_REQUESTS=${C16_REQUESTS:-8000}
WARMUP=${WARMUP:-1000}
PREWARM_DIRECT=${PREWARM_DIRECT:-10000}
PREWARM_GATEWAY=${PREWARM_GATEWAY:-25000}
PREWARM_C1=${PREWARM_C1:-8000}
BODY=${BODY:-'{"model":"sim-small","messages":[{"role":"user","content":"Name three things a camel caravan carried across the desert."}]}'}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# user+system CPU time a process has used, in ms
cpu_ms_of() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14+$15)*1000/hz)}' "/proc/$1/stat"; }
# other people's builds on this shared machine (the load average also counts our own threads)
others() { echo "Maven/Surefire processes running: $({ pgrep -f 'plexus-classworlds|surefirebooter' || true; } | wc -l)"; }

ADMIN_KEY="bench-admin-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
GOVERNANCE_ARGS=()
if [[ "${GOVERNED:-0}" == 1 ]]; then
    GOVERNANCE_ARGS=(--caravan.rate-limits.tenant-overrides.bench.requests-per-minute=100000000
        --caravan.rate-limits.tenant-overrides.bench.tokens-per-minute=100000000
        --caravan.rate-limits.concurrency.tenant-overrides.bench=1000
        "--caravan.budgets.limits[0].scope=tenant" "--caravan.budgets.limits[0].name=bench"
        "--caravan.budgets.limits[0].period=day" "--caravan.budgets.limits[0].max-cost-micros=1000000000000")
fi
AUTH=""

WORK=$(mktemp -d /tmp/caravan-latency.XXXXXX)
SIM_PID=""; GW_PID=""
cleanup() {
    for p in $GW_PID $SIM_PID; do
        if kill -0 "$p" 2>/dev/null; then kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
    done
    if [[ -z ${KEEP:-} ]]; then rm -rf "$WORK"; else echo "# kept $WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SP=$(free_port)
GP=$(free_port)
while [[ $GP == "$SP" ]]; do GP=$(free_port); done
SIM_URL="http://127.0.0.1:$SP/simulator/v1/chat/completions"
GW_URL="http://127.0.0.1:$GP/v1/chat/completions"

echo "# added-latency: jar=$JAR; $(nproc) cores; $(java -version 2>&1 | head -1); load average before start [$(loadavg)]; $(others)"
echo "# body: $BODY"

cd "$WORK"
java -cp "$JAR" -Dloader.main=dev.caravan.simulator.SimulatorMain org.springframework.boot.loader.launch.PropertiesLauncher \
    --server.port="$SP" \
    --caravan.simulator.models.sim-small.latency-ms=0 \
    --caravan.simulator.models.sim-small.tokens-per-second=0 >"$WORK/simulator.log" 2>&1 &
SIM_PID=$!
CARAVAN_DATA_DIR="$WORK/data" CARAVAN_JMS_ACCEPTOR_ENABLED=false \
    CARAVAN_SIMULATOR_URL="http://127.0.0.1:$SP/simulator/v1" \
    CARAVAN_ADMIN_KEY="$ADMIN_KEY" \
    java -jar "$JAR" --server.port="$GP" --caravan.cache.enabled=false "${GOVERNANCE_ARGS[@]}" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!

deadline=$(( $(date +%s) + 180 ))
until curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$BODY" "$SIM_URL" 2>/dev/null | grep -q 200; do
    kill -0 "$SIM_PID" 2>/dev/null || { echo "simulator exited"; tail -20 "$WORK/simulator.log"; exit 1; }
    (( $(date +%s) < deadline )) || { echo "simulator not up after 180 s"; exit 1; }
    sleep 0.2
done
until curl -s "http://127.0.0.1:$GP/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$GW_PID" 2>/dev/null || { echo "gateway exited"; tail -20 "$WORK/gateway.log"; exit 1; }
    (( $(date +%s) < deadline )) || { echo "gateway not UP after 180 s"; exit 1; }
    sleep 0.2
done
if [[ "${GOVERNED:-0}" == 1 ]]; then
    admin=(-H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json')
    curl -s "${admin[@]}" -d '{"id":"bench","name":"Benchmark"}' "http://127.0.0.1:$GP/api/admin/tenants" >/dev/null
    AUTH=$(curl -s "${admin[@]}" -d '{"tenant_id":"bench","user_id":"load"}' "http://127.0.0.1:$GP/api/admin/keys" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
    echo "# governed: tenant bench, key ${AUTH:0:11}…, rate limits, concurrency limit and a daily budget"
fi
echo "# simulator on :$SP (pid $SIM_PID), gateway on :$GP (pid $GW_PID); a reply through the gateway:"
curl -s -H 'Content-Type: application/json' ${AUTH:+-H "Authorization: Bearer $AUTH"} -d "$BODY" "$GW_URL" | cut -c1-400; echo

# the simulator ignores the Authorization header, so both targets get the same request
loadgen() { java "$HERE/LoadGen.java" --body "$BODY" ${AUTH:+--header "Authorization: Bearer $AUTH"} "$@"; }

echo "# warm-up: $PREWARM_DIRECT requests to the simulator, $PREWARM_GATEWAY through the gateway, at concurrency 16; then $PREWARM_C1 to each at concurrency 1 [load $(loadavg)]"
loadgen --url "$SIM_URL" --concurrency 16 --requests "$PREWARM_DIRECT" --label warmup-direct | tail -n +2 | head -1
g0=$("$HERE/thread-cpu.sh" "$GW_PID" | awk -F'\t' '/CompilerThre/ {s += $2} END {print s + 0}')
loadgen --url "$GW_URL" --concurrency 16 --requests "$PREWARM_GATEWAY" --label warmup-gateway | tail -n +2 | head -1
if (( PREWARM_C1 > 0 )); then
    loadgen --url "$SIM_URL" --concurrency 1 --requests "$PREWARM_C1" --label warmup-direct-c1 | tail -n +2 | head -1
    loadgen --url "$GW_URL" --concurrency 1 --requests "$PREWARM_C1" --label warmup-gateway-c1 | tail -n +2 | head -1
fi
echo "#   gateway JIT compiler threads used $(( $("$HERE/thread-cpu.sh" "$GW_PID" | awk -F'\t' '/CompilerThre/ {s += $2} END {print s + 0}') - g0 )) ms CPU during its warm-up"

declare -A R CPU
for c in 1 16; do
    n=$C1_REQUESTS; [[ $c -eq 16 ]] && n=$C16_REQUESTS
    for target in direct gateway; do
        url=$SIM_URL; [[ $target == gateway ]] && url=$GW_URL
        snap=()
        [[ $target == gateway ]] && snap=(--snapshot-url "http://127.0.0.1:$GP/actuator/prometheus" --snapshot-out "$WORK/prom")
        echo "# $target c=$c: $n requests after $WARMUP warm-up [load $(loadavg); $(others)]"
        gcpu0=$(cpu_ms_of "$GW_PID"); scpu0=$(cpu_ms_of "$SIM_PID")
        "$HERE/thread-cpu.sh" "$GW_PID" >"$WORK/threads.before"
        out=$(loadgen --url "$url" --concurrency "$c" --requests "$n" --warmup "$WARMUP" --label "$target-c$c" "${snap[@]}") || true
        gcpu=$(( $(cpu_ms_of "$GW_PID") - gcpu0 )); scpu=$(( $(cpu_ms_of "$SIM_PID") - scpu0 ))
        echo "$out"
        CPU[$target,$c]=$(awk -v g="$gcpu" -v s="$scpu" -v n=$(( n + WARMUP )) 'BEGIN { printf "%.3f %.3f", g / n, s / n }')
        echo "#   CPU per request (user+sys over the run incl. warm-up, /proc): gateway ${CPU[$target,$c]% *} ms, simulator ${CPU[$target,$c]#* } ms"
        "$HERE/thread-cpu.sh" "$GW_PID" >"$WORK/threads.after"
        echo "#   gateway CPU by thread over the run incl. warm-up (ms; top 8):"
        join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 "$WORK/threads.before" "$WORK/threads.after" |
            awk -F'\t' '{d = $3 - $2; if (d > 0) printf "%d\t%s\n", d, $1}' | sort -rn | head -8 |
            awk -F'\t' '{printf "#     %7d  %s\n", $1, $2}'
        R[$target,$c]=$(head -1 <<<"$out")
        if [[ $target == gateway ]]; then
            awk -f "$HERE/prom-routes.awk" "$WORK/prom.before" | sort >"$WORK/prom.before.tsv"
            awk -f "$HERE/prom-routes.awk" "$WORK/prom.after" | sort >"$WORK/prom.after.tsv"
            echo "#   gateway-side means over the $n measured requests, ms:"
            join -t $'\t' "$WORK/prom.before.tsv" "$WORK/prom.after.tsv" |
                awk -F'\t' '{n=$4-$2; s=$5-$3; if (n>0) printf "#     %-42s n=%-6d mean=%.3f\n", $1, n, s/n*1000}'
        fi
    done
done

echo
echo "| concurrency | direct p50 | direct p99 | gateway p50 | gateway p99 | added p50 | added p99 | direct req/s | gateway req/s | failures (direct/gateway) | CPU/req gateway | CPU/req simulator |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in 1 16; do
    d=${R[direct,$c]}; g=${R[gateway,$c]}
    awk -v c="$c" \
        -v d50="$(kv p50_ms "$d")" -v d99="$(kv p99_ms "$d")" -v g50="$(kv p50_ms "$g")" -v g99="$(kv p99_ms "$g")" \
        -v drps="$(kv throughput_rps "$d")" -v grps="$(kv throughput_rps "$g")" \
        -v df="$(kv failures "$d")" -v gf="$(kv failures "$g")" \
        -v gc="${CPU[gateway,$c]% *}" -v sc="${CPU[gateway,$c]#* }" \
        'BEGIN { printf "| %d | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.0f | %.0f | %s/%s | %.3f ms | %.3f ms |\n",
                 c, d50, d99, g50, g99, g50-d50, g99-d99, drps, grps, df, gf, gc, sc }'
done
echo "# load average after [$(loadavg)]; $(others)"
echo "# gateway log: $(grep -E ' (WARN|ERROR) ' "$WORK/gateway.log" | grep -c 'Probe in group') WARN lines from health probes before Camel had started; other WARN/ERROR lines:"
grep -E ' (WARN|ERROR) ' "$WORK/gateway.log" | grep -v 'Probe in group' | cut -c1-300 | sed 's/^/#   /' || true
echo "# simulator log WARN/ERROR lines: $(grep -cE ' (WARN|ERROR) ' "$WORK/simulator.log" || true)"

if [[ -n ${PROFILE:-} ]]; then
    # One more (unmeasured-for-the-table) run at concurrency 16 with a JFR recording of the gateway.
    jfr_out=${PROFILE_OUT:-/tmp/caravan-gateway-c16.jfr}
    echo
    echo "# profile: JFR (settings=profile) on the gateway during $C16_REQUESTS requests at concurrency 16 -> $jfr_out"
    jcmd "$GW_PID" JFR.start name=bench settings=profile filename="$jfr_out" >/dev/null
    loadgen --url "$GW_URL" --concurrency 16 --requests "$C16_REQUESTS" --label gateway-c16-profiled | tail -n +2 | head -1
    jcmd "$GW_PID" JFR.stop name=bench >/dev/null
    java "$HERE/JfrTop.java" "$jfr_out" 20
fi
