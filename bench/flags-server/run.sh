#!/usr/bin/env bash
# Flags server benchmarks (see README.md): propagation to 100 SDK clients, fan-out to 10,000 SSE streams.
# Each run is bounded (timeouts below); everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../scripts/find-jdk.sh
source "$(cd "$(dirname "$0")/../.." && pwd)/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk) || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
CPFILE="$PWD/gantry-server/target/flags-bench.cp"
mvn -B -q -ntp -pl gantry-server test-compile dependency:build-classpath -Dmdep.outputFile="$CPFILE"
CP="gantry-server/target/classes:gantry-server/target/test-classes:$(cat "$CPFILE")"
LOG=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "== propagation: ${CLIENTS:-100} SDK FlagsClients, ${CHANGES:-1000} changes"
timeout 240 java -cp "$CP" $LOG dev.gantry.server.flags.PropagationBench "${CLIENTS:-100}" "${CHANGES:-1000}"
echo "== fan-out: ${STREAMS:-10000} raw SSE streams, ${FANOUT_CHANGES:-100} changes"
timeout 290 java -cp "$CP" $LOG dev.gantry.server.flags.FanoutBench "${STREAMS:-10000}" "${FANOUT_CHANGES:-100}"
