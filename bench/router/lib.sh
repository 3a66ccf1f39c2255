# Sourced by bench/router/run.sh, run-tls.sh and robustness.sh: a JDK and a temp dir for the run
# (bench_init), starting the backend and the peers, building the router's classpath, loading a
# proxy with wrk or h2load and reading its CPU time from /proc. Expects ROOT, and for the peers
# NGINX, HAPROXY, WRK, BACKEND_PORT, CONNECTIONS and ROUTER_TRANSPORT, to be set before use.
# shellcheck shell=bash

# Finds a JDK 21+ (JAVA, JAVA_HOME), makes WORK, a temp dir named after $1, and on exit kills every
# process in PIDS and removes WORK.
bench_init() {
  # shellcheck source=../../scripts/find-jdk.sh
  source "$ROOT/scripts/find-jdk.sh"
  JAVA_HOME=$(find_jdk) || exit 1
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
  JAVA="$JAVA_HOME/bin/java"
  WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
  PIDS=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}

# Router JVM: fixed heap, pre-touched; Parallel GC (throughput, short young pauses on a 2-core box);
# Netty leak detection off (its default samples 1% of buffers); epoll is used when available.
# On Java 25 Netty turns sun.misc.Unsafe off unless allowed; allowing it gives it its fast buffer paths.
ROUTER_JVM_FLAGS=(-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled
  --sun-misc-unsafe-memory-access=allow -Dio.netty.noUnsafe=false --enable-native-access=ALL-UNNAMED
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dgantry.transport="${ROUTER_TRANSPORT:-io_uring}")

need() { [[ -x "$1" ]] || { echo "SKIP: $2 not found at $1"; return 1; }; }
wait_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "port $1 did not open" >&2; return 1
}
# Whole seconds of a wrk-style duration: 10s, 2m, 10.
seconds() {
  case "$1" in
    *m) echo $(( ${1%m} * 60 ));;
    *s) echo "${1%s}";;
    *)  echo "$1";;
  esac
}

nginx_conf() { # $1 = name, $2 = server block(s)
  mkdir -p "$WORK/$1/logs"
  cat > "$WORK/$1/nginx.conf" <<CONF
worker_processes 1;
daemon off;
user root;
pid $WORK/$1/nginx.pid;
error_log $WORK/$1/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/$1/body; proxy_temp_path $WORK/$1/proxy;
  fastcgi_temp_path $WORK/$1/fcgi; uwsgi_temp_path $WORK/$1/uwsgi; scgi_temp_path $WORK/$1/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  $2
}
CONF
}

start_backend() {
  nginx_conf backend "server { listen 127.0.0.1:$BACKEND_PORT; location / { default_type text/plain; return 200 'hello from the bench backend\n'; } }"
  "$NGINX" -p "$WORK/backend" -c "$WORK/backend/nginx.conf" & PIDS+=($!)
  wait_port "$BACKEND_PORT"
}

start_haproxy() { # $1 = port
  cat > "$WORK/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend fe
  bind 127.0.0.1:$1
  default_backend be
backend be
  server s1 127.0.0.1:$BACKEND_PORT
CONF
  "$HAPROXY" -f "$WORK/haproxy.cfg" -db & PIDS+=($!)
  wait_port "$1"
}

# Compiles gantry-proxy and its tests; sets ROUTER_CP to classes + test classes + dependencies.
build_router() {
  (cd "$ROOT" && mvn -B -q -ntp -pl gantry-proxy test-compile \
    && mvn -B -q -ntp -pl gantry-proxy dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test) >/dev/null 2>&1 \
    || { echo "router build failed: run 'mvn -pl gantry-proxy test-compile' to see why" >&2; exit 1; }
  ROUTER_CP="$ROOT/gantry-proxy/target/classes:$ROOT/gantry-proxy/target/test-classes:$(cat "$WORK/cp.txt")"
}

# CPU clock ticks used so far by a process and its children (nginx and haproxy run workers as children).
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
cpu_us_per_request() { # $1 = ticks, $2 = requests
  awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN{ if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "n/a" }'
}

# Prints "requests_per_second p99_ms cpu_us_per_request" for one wrk run against URL $1, proxy pid $2.
measure_wrk() {
  local out before after
  before="$(cpu_ticks "$2")"
  out="$(timeout -k 5 $(( $(seconds "$DURATION") + 30 )) "$WRK" -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$1")"
  after="$(cpu_ticks "$2")"
  local rps p99 non2xx requests errors
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  errors="$(grep 'Socket errors' <<<"$out" || true)"
  [[ -z "$non2xx" ]] || echo "WARNING: $non2xx non-2xx answers from $1" >&2
  [[ -z "$errors" ]] || echo "WARNING: $1:$errors" >&2
  echo "$rps $(to_ms "$p99") $(cpu_us_per_request $((after - before)) "$requests")"
}
to_ms() {
  local v="$1"
  case "$v" in
    *us) awk -v x="${v%us}" 'BEGIN{printf "%.3f", x/1000}';;
    *ms) awk -v x="${v%ms}" 'BEGIN{printf "%.3f", x}';;
    *s)  awk -v x="${v%s}"  'BEGIN{printf "%.3f", x*1000}';;
    *)   echo "$v";;
  esac
}
# wrk for $1 (a duration) against URL $2; prints the number of requests served.
wrk_requests() {
  timeout -k 5 $(( $(seconds "$1") + 30 )) "$WRK" -t1 -c"$CONNECTIONS" -d"$1" "$2" | awk '/requests in/ {print $1}'
}

median() { sort -g | awk '{a[NR]=$0} END{print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
