#!/usr/bin/env bash
# Runs JMH benchmarks from the test sources.
#   bench/jmh.sh                         # every benchmark, default settings below
#   bench/jmh.sh ClassifierBenchmark     # a regex of benchmark names
#   JMH_ARGS="-f 1 -wi 3 -i 5" bench/jmh.sh RoutingBenchmark
# Prints JMH's table; results also go to target/jmh-result.json.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o test-compile 2>/dev/null || ./mvnw -q test-compile
cp=$(./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout 2>/dev/null)
exec java -cp "target/test-classes:target/classes:$cp" org.openjdk.jmh.Main \
  ${JMH_ARGS:--f 1 -wi 3 -w 2 -i 5 -r 2} -rf json -rff target/jmh-result.json "${1:-.*Benchmark.*}"
