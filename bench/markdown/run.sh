#!/usr/bin/env bash
# Markdown service benchmark: renders/second on one core (taskset -c 0), Java port vs marked 0.8.0
# on node, plus the service's RSS under load with the gantry.yml JVM flags.
# Usage: bench/markdown/run.sh [WARMUP_SECONDS] [MEASURE_SECONDS] [LOAD_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
MODULE=services/markdown
SHARED=${GANTRY_SHARED:-$ROOT/../shared}
CORPUS=$SHARED/marqdown/cases.json
WARMUP=${1:-20}
MEASURE=${2:-10}
LOAD=${3:-30}
JVM_FLAGS=(-Xmx48m -Xss512k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=48m)   # as in services/markdown/gantry.yml
# shellcheck source=../../scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk) || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAVA="$JAVA_HOME/bin/java"

RESULTS=$(mktemp -d)
mvn -B -q -ntp -pl $MODULE -DskipTests package test-compile >/dev/null
CP=$MODULE/target/markdown.jar:$MODULE/target/test-classes
[ -d $MODULE/src/test/node/node_modules/marked ] || npm ci --prefix $MODULE/src/test/node >/dev/null

echo "== throughput, one core (taskset -c 0), warmup ${WARMUP}s, measured ${MEASURE}s; JVM: ${JVM_FLAGS[*]}"
# Each engine runs ROUNDS times, alternating, so that load from other processes hits both alike.
ROUNDS=${ROUNDS:-3}
for r in $(seq 1 "$ROUNDS"); do
  taskset -c 0 node bench/markdown/bench.js "$CORPUS" "$WARMUP" "$MEASURE" >> "$RESULTS/node.txt"
  taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" -cp "$CP" dev.gantry.markdown.RenderBenchmark "$CORPUS" marked "$WARMUP" "$MEASURE" >> "$RESULTS/java-marked.txt"
  taskset -c 0 "$JAVA" "${JVM_FLAGS[@]}" -cp "$CP" dev.gantry.markdown.RenderBenchmark "$CORPUS" marqdown "$WARMUP" "$MEASURE" >> "$RESULTS/java-marqdown.txt"
done
best() { sort -n -k"$2" "$1" | tail -1 | awk -v f="$2" '{print $f}'; }
node_wall=$(best "$RESULTS/node.txt" 3); node_cpu=$(best "$RESULTS/node.txt" 5)
jm_wall=$(best "$RESULTS/java-marked.txt" 3); jm_cpu=$(best "$RESULTS/java-marked.txt" 5)
jq_wall=$(best "$RESULTS/java-marqdown.txt" 3); jq_cpu=$(best "$RESULTS/java-marqdown.txt" 5)
echo "best of $ROUNDS rounds           renders/s (wall)   renders per CPU-second   ratio vs node (CPU)"
printf '%-42s %10s %14s\n' "marked 0.8.0, node $(node --version)" "$node_wall" "$node_cpu"
printf '%-42s %10s %14s %14.2fx\n' "Java port, marked only (like-for-like)" "$jm_wall" "$jm_cpu" "$(echo "$jm_cpu / $node_cpu" | bc -l)"
printf '%-42s %10s %14s %14s\n' "Java port, full marqdown pipeline" "$jq_wall" "$jq_cpu" "(no node equivalent)"
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== memory under load: service with ${JVM_FLAGS[*]}, wrk -t2 -c8 -d${LOAD}s POST /api/design/survey"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
TMP=$(mktemp -d)
python3 - "$CORPUS" > "$TMP/survey.json" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))
print(json.dumps({"markdown": next(c for c in cases if c["name"] == "repo-examples-survey")["markdown"]}))
PY
PORT=$PORT "$JAVA" "${JVM_FLAGS[@]}" -jar $MODULE/target/markdown.jar > "$TMP/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP" "$RESULTS"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
echo "RSS idle after start: $(grep VmRSS /proc/$PID/status | awk '{print $2, $3}')"
SURVEY_JSON="$TMP/survey.json" wrk -t2 -c8 -d"${LOAD}s" -s bench/markdown/post.lua "http://127.0.0.1:$PORT/api/design/survey" | grep -E 'Requests/sec|Latency|requests in|Non-2xx' || true
echo "RSS after load: $(grep VmRSS /proc/$PID/status | awk '{print $2, $3}'); peak (VmHWM): $(grep VmHWM /proc/$PID/status | awk '{print $2, $3}')"
kill $PID; wait $PID 2>/dev/null || true
