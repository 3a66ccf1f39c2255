#!/usr/bin/env bash
# The control plane under monitoring load: 100 simulated agents x 20 instances reporting every second, 100 dashboard
# viewers on the event stream; its CPU, heap and sample->stream latency, then alert->mail time at GreenMail.
# Usage: bench/monitoring/run.sh [--warmup S] [--window S] [--alerts N] [--hosts N] [--instances N] [--viewers N] [--jfr]
#   (from anywhere; finds a JDK 21+ itself; builds offline; everything on 127.0.0.1; about 4 minutes with the defaults)
#   --jfr  records the control plane with JFR over the steady window and prints its hottest methods
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../scripts/find-jdk.sh
source "$root/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk) || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
echo "== building the CLI (gantry-cli/target/gantry.jar) and the benchmark, offline (log: $here/target/build.log)"
mkdir -p "$here/target"
if ! { mvn -B -q -o -ntp -pl gantry-cli -am install -DskipTests && (cd "$here" && mvn -B -q -o -ntp package); } \
  > "$here/target/build.log" 2>&1; then
  grep -E "ERROR|BUILD" "$here/target/build.log" | head -n 30 >&2
  echo "the build failed; see $here/target/build.log" >&2
  exit 1
fi
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -n1)"
echo "load before: $(uptime)"
out="$here/target/run"
rm -f "$out/control-plane.jfr"
status=0
timeout 900 java -jar "$here/target/monitoring-bench.jar" --jar "$root/gantry-cli/target/gantry.jar" --out "$out" "$@" \
  || status=$?
echo "load after:  $(uptime)"
if [ -f "$out/control-plane.jfr" ] && [[ " $* " == *" --jfr "* ]]; then
  echo "== the control plane's hottest methods in the steady window (jfr view hot-methods)"
  jfr view --width 160 hot-methods "$out/control-plane.jfr" | head -n 25
fi
exit "$status"
