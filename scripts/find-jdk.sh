# Sourced by ./gantry and .ci/run: find a JDK of 21 or newer.
# Order: $JAVA_HOME, then the standard install locations, then `java` on the PATH.
# Prints the JDK's home on stdout; prints a clear message and returns 1 when there is none.

jdk_major() {  # $1: path to a java binary -> its major version, e.g. 25 (1.8 -> 8)
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

jdk_ok() {  # $1: a JDK home -> true when it has java and javac of 21+
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local m
  m=$(jdk_major "$1/bin/java")
  [ -n "$m" ] && [ "$m" -ge 21 ] 2>/dev/null
}

find_jdk() {
  local candidates=() c best="" best_major=0 m
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  for c in "${candidates[@]}"; do
    if jdk_ok "$c"; then
      m=$(jdk_major "$c/bin/java")
      if [ "$m" -gt "$best_major" ]; then best="$c"; best_major=$m; fi
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  echo "gantry: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /usr/local/lib/jvm, /opt and the PATH)." >&2
  echo "gantry: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  return 1
}
