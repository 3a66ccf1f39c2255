#!/usr/bin/env bash
# Canary judges side by side on simulated request streams: Gantry's sequential judge and Kayenta's classic judge.
# Usage: bench/canary/run.sh [--runs N] [--seed S]   (from anywhere; finds a JDK 21+ itself)
#   --runs N  runs per scenario (default 1000); --seed S  the first seed (default 20261207)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../scripts/find-jdk.sh
source "$root/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk) || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
cd "$root"
mvn -B -q -ntp -pl gantry-api,gantry-analysis install -DskipTests
cd "$here"
mvn -B -q -ntp package
java -jar target/canary-bench.jar "$@"
