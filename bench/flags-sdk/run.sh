#!/usr/bin/env bash
# Benchmarks the flags SDK's local evaluation with JMH (-prof gc shows B/op).
# Usage: bench/flags-sdk/run.sh [extra JMH args]   (from anywhere; needs JDK 21+ as JAVA_HOME or on PATH)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -B -q -o -pl gantry-flags-sdk install -DskipTests
cd "$here"
mvn -B -q -o package
java -jar target/benchmarks.jar BooleanValueBenchmark -prof gc "$@"
