#!/usr/bin/env bash
# Cache hit latency end to end (HTTP in, answer out), for issue 5's aims: an exact hit under 1 ms
# p50 with the in-process cache (Caffeine) and under 2 ms with a local Redis; a semantic hit
# (embedding the prompt included) under 10 ms p50.
#
# Usage: bench/cache-latency.sh           (after ./mvnw -DskipTests package; JAR=path to override)
#   env: REQUESTS (default 5000) measured requests per run at concurrency 1, WARMUP (default 10000;
#        with 2000 the JIT was still compiling on 2 cores and p50 came out 2x higher),
#        REDIS_URL (default redis://127.0.0.1:6379/15; set REDIS_URL= to skip the Redis runs)
#
# For each backend the gateway starts fresh (built-in simulator, defaults otherwise), one request
# stores prompt A, then:
#   exact:    prompt A again and again            -> every request an exact hit
#   semantic: a paraphrase B of A again and again -> every request a semantic hit (a semantic hit
#             is not stored under B's own key, so B never becomes an exact hit)
# Each run's header x-caravan-cache is checked first. Latency is LoadGen's client-side time.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(readlink -f "${JAR:-$HERE/../target/caravan.jar}")
REQUESTS=${REQUESTS:-5000}
WARMUP=${WARMUP:-10000}
REDIS_URL=${REDIS_URL-redis://127.0.0.1:6379/15}
SYSTEM="You answer in one short sentence."
A="What are three animals that live in the desert?"
B="Which three animals live in the desert?"
body() { printf '{"model":"sim-small","messages":[{"role":"system","content":"%s"},{"role":"user","content":"%s"}]}' "$SYSTEM" "$1"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

WORK=$(mktemp -d /tmp/caravan-cache-latency.XXXXXX)
GW_PID=""
cleanup() {
    if [[ -n $GW_PID ]] && kill -0 "$GW_PID" 2>/dev/null; then kill -TERM "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "# cache-latency: jar=$JAR; $(nproc) cores; $(java -version 2>&1 | head -1); load [$(loadavg)]"

run_backend() {
    local name=$1; shift
    local port; port=$(free_port)
    local url="http://127.0.0.1:$port/v1/chat/completions"
    rm -rf "$WORK/data"
    env CARAVAN_DATA_DIR="$WORK/data" CARAVAN_JMS_ACCEPTOR_ENABLED=false "$@" \
        java -jar "$JAR" --server.port="$port" --caravan.cache.semantic.enabled=true >"$WORK/gateway-$name.log" 2>&1 &
    GW_PID=$!
    local deadline=$(( $(date +%s) + 180 ))
    until curl -s "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
        kill -0 "$GW_PID" 2>/dev/null || { echo "gateway exited"; tail -20 "$WORK/gateway-$name.log"; exit 1; }
        (( $(date +%s) < deadline )) || { echo "gateway not UP after 180 s"; exit 1; }
        sleep 0.2
    done
    curl -s -o /dev/null -H 'Content-Type: application/json' -d "$(body "$A")" "$url"
    for kind in exact semantic; do
        local prompt=$A expect=hit
        [[ $kind == semantic ]] && prompt=$B expect=semantic-hit
        local got
        got=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "$(body "$prompt")" "$url" | tr -d '\r' |
            awk -F': ' 'tolower($1) == "x-caravan-cache" {print $2}')
        [[ $got == "$expect" ]] || { echo "expected x-caravan-cache: $expect for $kind, got '$got'"; exit 1; }
        echo "# $name $kind hit: $REQUESTS requests at concurrency 1 after $WARMUP warm-up [load $(loadavg)]"
        java "$HERE/LoadGen.java" --url "$url" --body "$(body "$prompt")" --concurrency 1 --requests "$REQUESTS" \
            --warmup "$WARMUP" --label "$name-$kind"
    done
    echo "# $name: $(curl -s "http://127.0.0.1:$port/api/cache/stats")"
    kill -TERM "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; GW_PID=""
}

run_backend caffeine
if [[ -n $REDIS_URL ]]; then
    redis-cli -u "$REDIS_URL" flushdb >/dev/null
    run_backend redis CARAVAN_CACHE_REDIS_URL="$REDIS_URL"
fi
