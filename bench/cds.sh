#!/usr/bin/env bash
# Start-up with Class Data Sharing: the jar extracted (java -Djarmode=tools … extract), one
# training start that writes the archive of the classes a start loads (stopping once the
# context is refreshed), then bench/startup.sh on the extracted jar without and with the archive.
#
#   bench/cds.sh
#
#   env: JAR  the gateway jar (default target/caravan.jar)
#        OUT  where the extracted jar and app.jsa go (default /tmp/caravan-cds)
#        RUNS start-ups per variant (default 3)
#
# To run the gateway this way:  java -XX:SharedArchiveFile=$OUT/app.jsa -jar $OUT/caravan.jar
# The archive belongs to that JDK and that jar: rebuild it after either changes.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(readlink -f "${JAR:-target/caravan.jar}")
OUT=${OUT:-/tmp/caravan-cds}
RUNS=${RUNS:-3}

rm -rf "$OUT"
java -Djarmode=tools -jar "$JAR" extract --destination "$OUT" >/dev/null 2>&1
data=$(mktemp -d)
echo "# training start (writes $OUT/app.jsa)"
CARAVAN_DATA_DIR="$data" CARAVAN_JMS_ACCEPTOR_ENABLED=false \
    java -XX:ArchiveClassesAtExit="$OUT/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -Dspring.context.exit=onRefresh -jar "$OUT/caravan.jar" --server.port=0 >"$OUT/training.log" 2>&1 || true
rm -rf "$data"
ls -la "$OUT/app.jsa"

echo "# extracted jar, no archive"
JAR="$OUT/caravan.jar" bash "$HERE/startup.sh" "$RUNS" | tail -n 1
echo "# extracted jar, with the archive"
JAR="$OUT/caravan.jar" JAVA_OPTS="-XX:SharedArchiveFile=$OUT/app.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
    bash "$HERE/startup.sh" "$RUNS" | tail -n 1
