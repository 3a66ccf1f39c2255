#!/usr/bin/env bash
# bench/fleet: time from `git push` to the new release serving on three netns hosts (split into receive, test, build
# and rollout from git's own output) against a plain `ansible-playbook` deploy of the same artifact to the same hosts;
# and `gantry up` from nothing to three ready hosts, and its idempotent re-run.
# Usage: sudo bench/fleet/run.sh [--runs N]   (root: netns hosts; needs ansible-core, sshd, git, curl; builds offline;
#   environment benchf on 10.77.214.0/24, control plane on 10.77.214.1:17214; 6 minutes with --runs 3 on a loaded box)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../scripts/find-jdk.sh
source "$root/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk) || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
if [ "$(id -u)" != 0 ]; then echo "bench/fleet needs root: its hosts are network namespaces (sudo $0)" >&2; exit 2; fi
cd "$root"
mkdir -p "$here/target"
echo "== building gantry.jar and markdown.jar, offline (log: $here/target/build.log)"
if ! mvn -B -q -o -ntp -pl gantry-cli,services/markdown -am install -DskipTests > "$here/target/build.log" 2>&1; then
  grep -E "ERROR|BUILD" "$here/target/build.log" | head -n 30 >&2
  echo "the build failed; see $here/target/build.log" >&2
  exit 1
fi
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -n1), $(ansible-playbook --version | head -n1), commit $(git -C "$root" rev-parse --short HEAD)"
exec python3 -u "$here/fleet_bench.py" --jar "$root/gantry-cli/target/gantry.jar" \
  --markdown "$root/services/markdown/target/markdown.jar" --playbooks "$root/deploy/ansible" \
  --plain "$here/plain-deploy.yml" --java "$JAVA_HOME/bin/java" --out "$here/target/run" "$@"
