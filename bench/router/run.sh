#!/usr/bin/env bash
# Side-by-side proxy benchmark: Gantry's router vs nginx vs HAProxy, same backend, one run.
# Each proxy gets ONE worker thread and keeps connections to the backend alive.
# Load: wrk -t1 -c64 -d10s --latency (after a warm-up run for each), ROUNDS interleaved rounds,
# medians reported, plus each proxy's own CPU time per request. Loopback only.
# Usage: bench/router/run.sh        (from anywhere; env DURATION=10s CONNECTIONS=64 ROUNDS=3
#        WARMUP_REQUESTS=300000 ROUTER_TRANSPORT=io_uring|epoll|nio to change)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP_REQUESTS="${WARMUP_REQUESTS:-300000}"   # router warm-up in requests (C2 compiles by invocation count), at most 90 s
ROUTER_TRANSPORT="${ROUTER_TRANSPORT:-io_uring}"   # io_uring, epoll or nio (falls back when unavailable)
CONNECTIONS="${CONNECTIONS:-64}"
BACKEND_PORT="${BACKEND_PORT:-18181}"
NGINX_PORT="${NGINX_PORT:-18182}"
HAPROXY_PORT="${HAPROXY_PORT:-18183}"
ROUTER_PORT="${ROUTER_PORT:-18184}"
NGINX="${NGINX:-/usr/sbin/nginx}"
HAPROXY="${HAPROXY:-/usr/sbin/haproxy}"
WRK="${WRK:-/usr/bin/wrk}"
# shellcheck source=../../scripts/find-jdk.sh
source "$ROOT/scripts/find-jdk.sh"
JAVA_HOME=$(find_jdk) || exit 1
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
JAVA="$JAVA_HOME/bin/java"
# Router JVM: fixed heap, pre-touched; Parallel GC (throughput, short young pauses on a 2-core box);
# Netty leak detection off (its default samples 1% of buffers); epoll is used when available.
# On Java 25 Netty turns sun.misc.Unsafe off unless allowed; allowing it gives it its fast buffer paths.
ROUTER_JVM_FLAGS=(-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled
  --sun-misc-unsafe-memory-access=allow -Dio.netty.noUnsafe=false --enable-native-access=ALL-UNNAMED
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dgantry.transport="$ROUTER_TRANSPORT")

WORK="$(mktemp -d /tmp/gantry-router-bench.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

need() { [[ -x "$1" ]] || { echo "SKIP: $2 not found at $1"; return 1; }; }
wait_port() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "port $1 did not open" >&2; return 1
}

nginx_conf() { # $1 = name, $2 = server block
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

start_nginx() {
  nginx_conf proxy "upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 128; }
  server { listen 127.0.0.1:$NGINX_PORT; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_buffering on; } }"
  "$NGINX" -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" & PIDS+=($!)
  wait_port "$NGINX_PORT"
}

start_haproxy() {
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
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend be
backend be
  server s1 127.0.0.1:$BACKEND_PORT
CONF
  "$HAPROXY" -f "$WORK/haproxy.cfg" -db & PIDS+=($!)
  wait_port "$HAPROXY_PORT"
}

start_router() {
  (cd "$ROOT" && mvn -B -q -ntp -pl gantry-proxy test-compile \
    && mvn -B -q -ntp -pl gantry-proxy dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test) >/dev/null 2>&1 \
    || { echo "router build failed: run 'mvn -pl gantry-proxy test-compile' to see why" >&2; exit 1; }
  local cp="$ROOT/gantry-proxy/target/classes:$ROOT/gantry-proxy/target/test-classes:$(cat "$WORK/cp.txt")"
  "$JAVA" "${ROUTER_JVM_FLAGS[@]}" -cp "$cp" dev.gantry.proxy.BenchRouterMain "$ROUTER_PORT" "$BACKEND_PORT" 1 & PIDS+=($!)
  wait_port "$ROUTER_PORT"
}

# CPU clock ticks used so far by a process and its children (nginx and haproxy run workers as children).
cpu_ticks() {
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}

# Prints "requests_per_second p99_ms cpu_us_per_request" for one wrk run against port $1, proxy pid $2.
measure() {
  local out before after
  before="$(cpu_ticks "$2")"
  out="$("$WRK" -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$1/")"
  after="$(cpu_ticks "$2")"
  echo "$out" > "$WORK/wrk-$1.txt"
  local rps p99 non2xx requests
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  [[ -z "$non2xx" ]] || echo "WARNING: $non2xx non-2xx answers on port $1" >&2
  local hz; hz="$(getconf CLK_TCK)"
  echo "$rps $(to_ms "$p99") $(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN{printf "%.1f", t / hz * 1e6 / n}')"
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
warm() { "$WRK" -t1 -c"$CONNECTIONS" -d"$1" "http://127.0.0.1:$2/" >/dev/null; }

need "$WRK" wrk || exit 1
need "$NGINX" "nginx (needed for the backend too)" || exit 1
start_backend

declare -A PID
if need "$NGINX" nginx; then start_nginx; PID[nginx]=${PIDS[-1]}; warm 3s "$NGINX_PORT"; fi
if need "$HAPROXY" haproxy; then start_haproxy; PID[haproxy]=${PIDS[-1]}; warm 3s "$HAPROXY_PORT"; fi
start_router; PID[router]=${PIDS[-1]}
warm_router() { # 5 s wrk runs until WARMUP_REQUESTS requests were served (or 18 runs)
  local served=0 n
  for _ in $(seq 1 18); do
    n="$("$WRK" -t1 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$ROUTER_PORT/" | awk '/requests in/ {print $1}')"
    served=$((served + n))
    (( served >= WARMUP_REQUESTS )) && break
  done
  echo "router warm-up: $served requests" >&2
}
warm_router
declare -A PORT=([router]=$ROUTER_PORT [nginx]=$NGINX_PORT [haproxy]=$HAPROXY_PORT)

# The box may be shared: run ROUNDS rounds, proxies interleaved, and report each proxy's median round.
ROUNDS="${ROUNDS:-3}"
declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
  for p in router nginx haproxy; do
    [[ -n "${PID[$p]:-}" ]] || continue
    RESULTS[$p]+="$(measure "${PORT[$p]}" "${PID[$p]}")"$'\n'
  done
done
median() { sort -g | awk '{a[NR]=$0} END{print a[int((NR+1)/2)]}'; }
declare -A RPS P99 CPU
for p in router nginx haproxy; do
  [[ -n "${RESULTS[$p]:-}" ]] || continue
  RPS[$p]="$(awk 'NF {print $1}' <<<"${RESULTS[$p]}" | median)"
  P99[$p]="$(awk 'NF {print $2}' <<<"${RESULTS[$p]}" | median)"
  CPU[$p]="$(awk 'NF {print $3}' <<<"${RESULTS[$p]}" | median)"
done

echo
echo "wrk -t1 -c$CONNECTIONS -d$DURATION --latency; one worker thread per proxy; keep-alive to one nginx backend; router transport cap $ROUTER_TRANSPORT"
echo "median of $ROUNDS interleaved rounds; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-8s %12s %10s %16s\n" proxy "requests/s" "p99 ms" "proxy CPU us/req"
for p in router nginx haproxy; do
  [[ -n "${RPS[$p]:-}" ]] && printf "%-8s %12s %10s %16s\n" "$p" "${RPS[$p]}" "${P99[$p]}" "${CPU[$p]}"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
for peer in nginx haproxy; do
  [[ -n "${RPS[$peer]:-}" ]] || continue
  echo "router/$peer requests/s $(ratio "${RPS[router]}" "${RPS[$peer]}")  p99 $(ratio "${P99[router]}" "${P99[$peer]}")  CPU/req $(ratio "${CPU[router]}" "${CPU[$peer]}")"
done
