#!/usr/bin/env bash
# Throughput of the gateway when one of two equal models fails every call, against both healthy.
#
#   bench/fallback-throughput.sh
#
#   env: JAR       gateway jar (default target/caravan.jar)
#        REQUESTS  measured requests per run at concurrency 16 (default 4000)
#        LATENCY   simulated model latency in ms (default 20)
#        WARMUP    unrecorded requests before the healthy run (default 4000; the failing run follows it warm)
#
# The simulator runs as its own process with models sim-a and sim-b answering after LATENCY ms;
# the gateway (bench/two-equal-models.yaml) routes "auto" to them. Run 1: both healthy. Run 2:
# sim-a answers HTTP 500 to every call (simulator fault endpoint), so its breaker opens and the
# fallback chain sends everything to sim-b; the failing calls made before the breaker opens and
# its half-open probes are inside the measurement.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(readlink -f "${JAR:-$HERE/../target/caravan.jar}")
REQUESTS=${REQUESTS:-4000}
LATENCY=${LATENCY:-20}
WARMUP=${WARMUP:-4000}
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
SIM_PORT=$(free_port); GW_PORT=$(free_port); JMS_PORT=$(free_port)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

java -cp "$JAR" -Dloader.main=dev.caravan.simulator.SimulatorMain org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.port="$SIM_PORT" \
  --caravan.simulator.models.sim-a.latency-ms="$LATENCY" --caravan.simulator.models.sim-a.tokens-per-second=0 \
  --caravan.simulator.models.sim-b.latency-ms="$LATENCY" --caravan.simulator.models.sim-b.tokens-per-second=0 \
  > "$work/sim.log" 2>&1 & pids+=($!)
(cd "$work" && CARAVAN_SIMULATOR_URL="http://127.0.0.1:$SIM_PORT/simulator/v1" CARAVAN_JMS_PORT="$JMS_PORT" exec \
  java -jar "$JAR" --server.port="$GW_PORT" --caravan.cache.enabled=false --spring.config.additional-location="file:$HERE/two-equal-models.yaml" \
  --logging.level.dev.caravan=WARN > "$work/gw.log" 2>&1) & pids+=($!)
for url in "http://127.0.0.1:$SIM_PORT/simulator/v1/models" "http://127.0.0.1:$GW_PORT/actuator/health"; do
  for i in $(seq 1 120); do curl -sf "$url" >/dev/null && break; sleep 0.5; done
done
BODY='{"model":"auto","messages":[{"role":"user","content":"Name three things a camel caravan carried."}]}'
load() { java "$HERE/LoadGen.java" --url "http://127.0.0.1:$GW_PORT/v1/chat/completions" --body "$BODY" \
  --concurrency 16 --requests "$1" --warmup "$2"; }
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg); simulated latency ${LATENCY} ms; $(nproc) cores"
echo "## both healthy"
load "$REQUESTS" "$WARMUP" | tee "$work/healthy.txt"
curl -sf -X POST "http://127.0.0.1:$SIM_PORT/simulator/admin/models/sim-a" -H 'Content-Type: application/json' \
  -d '{"failure":"error","errorRate":1.0}' >/dev/null
echo "## sim-a fails every call"
load "$REQUESTS" 0 | tee "$work/failing.txt"
curl -sf "http://127.0.0.1:$GW_PORT/api/circuit-breakers"; echo
h=$(grep -o 'throughput_rps=[0-9.]*' "$work/healthy.txt" | cut -d= -f2)
f=$(grep -o 'throughput_rps=[0-9.]*' "$work/failing.txt" | cut -d= -f2)
python3 -c "print(f'# throughput with one model failing: {float($f)/float($h)*100:.1f} % of healthy ({$f} vs {$h} req/s)')"
