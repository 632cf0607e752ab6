#!/usr/bin/env bash
# The Java SDK's local route() latency (docs/benchmarks.md, G): builds bench/target/benchmarks.jar (JMH) and runs
# RouteBenchmark in SampleTime mode, one fork, then prints p50/p90/p99/p99.9 per call in µs and the machine.
#   sdk/java/bench/run.sh                      3 × 5 s of warm-up, 5 × 10 s measured
#   sdk/java/bench/run.sh -wi 1 -i 2 -r 5s     other JMH options (they follow the defaults and win)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -Pbench -DskipTests package
RESULT=$(mktemp "${TMPDIR:-/tmp}/tightrope-route-bench.XXXXXX.json")
trap 'rm -f "$RESULT"' EXIT
java -jar bench/target/benchmarks.jar RouteBenchmark -f 1 -wi 3 -w 5s -i 5 -r 10s -rf json -rff "$RESULT" "$@"
echo
echo "== machine: nproc $(nproc); $(java -version 2>&1 | head -1)"
lscpu | head -15
echo
python3 - "$RESULT" <<'PY'
import json, sys
for result in json.load(open(sys.argv[1])):
    metric = result["primaryMetric"]
    p = metric["scorePercentiles"]
    us = lambda q: p[q] / 1000.0
    print("%-16s p50 %.3f µs  p90 %.3f µs  p99 %.3f µs  p99.9 %.3f µs  mean %.3f µs" % (
        result["benchmark"].rsplit(".", 1)[1], us("50.0"), us("90.0"), us("99.0"), us("99.9"), metric["score"] / 1000.0))
PY
