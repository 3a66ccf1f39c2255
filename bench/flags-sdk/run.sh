#!/usr/bin/env bash
# Benchmarks the flags SDK's local evaluation with JMH (-prof gc shows B/op).
# Usage: bench/flags-sdk/run.sh [extra JMH args]   (from anywhere; finds a JDK 21+ itself)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../scripts/find-jdk.sh
source "$root/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk) || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
mvn -B -q -ntp -pl gantry-flags-sdk install -DskipTests
cd "$here"
mvn -B -q -ntp package
java -jar target/benchmarks.jar BooleanValueBenchmark -prof gc "$@"
