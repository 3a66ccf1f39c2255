#!/usr/bin/env bash
# Side-by-side proxy benchmark: Gantry's router vs nginx vs HAProxy, same backend, one run.
# Each proxy gets ONE worker thread and keeps connections to the backend alive.
# Load: wrk -t1 -c64 -d10s --latency (after a warm-up run for each). Loopback only.
# Usage: bench/router/run.sh        (from anywhere; env DURATION=10s CONNECTIONS=64 to change)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
BACKEND_PORT="${BACKEND_PORT:-18181}"
NGINX_PORT="${NGINX_PORT:-18182}"
HAPROXY_PORT="${HAPROXY_PORT:-18183}"
ROUTER_PORT="${ROUTER_PORT:-18184}"
NGINX="${NGINX:-/usr/sbin/nginx}"
HAPROXY="${HAPROXY:-/usr/sbin/haproxy}"
WRK="${WRK:-/usr/bin/wrk}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
# Router JVM: fixed heap, pre-touched; Parallel GC (throughput, short young pauses on a 2-core box);
# Netty leak detection off (its default samples 1% of buffers); epoll is used when available.
ROUTER_JVM_FLAGS=(-Xms512m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseParallelGC -Dio.netty.leakDetection.level=disabled
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

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
  (cd "$ROOT" && mvn -B -q -o -pl gantry-proxy test-compile \
    && mvn -B -q -o -pl gantry-proxy dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test) >/dev/null
  local cp="$ROOT/gantry-proxy/target/classes:$ROOT/gantry-proxy/target/test-classes:$(cat "$WORK/cp.txt")"
  "$JAVA" "${ROUTER_JVM_FLAGS[@]}" -cp "$cp" dev.gantry.proxy.BenchRouterMain "$ROUTER_PORT" "$BACKEND_PORT" 1 & PIDS+=($!)
  wait_port "$ROUTER_PORT"
}

# Prints "requests_per_second p99_ms" for one wrk run against $1.
measure() {
  local out
  out="$("$WRK" -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$1/")"
  echo "$out" > "$WORK/wrk-$1.txt"
  local rps p99 non2xx
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  [[ -z "$non2xx" ]] || echo "WARNING: $non2xx non-2xx answers on port $1" >&2
  echo "$rps $(to_ms "$p99")"
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

declare -A RPS P99
if need "$NGINX" nginx; then start_nginx; warm 3s "$NGINX_PORT"; read -r RPS[nginx] P99[nginx] < <(measure "$NGINX_PORT"); fi
if need "$HAPROXY" haproxy; then start_haproxy; warm 3s "$HAPROXY_PORT"; read -r RPS[haproxy] P99[haproxy] < <(measure "$HAPROXY_PORT"); fi
start_router
warm "$WARMUP" "$ROUTER_PORT"
read -r RPS[router] P99[router] < <(measure "$ROUTER_PORT")

echo
echo "wrk -t1 -c$CONNECTIONS -d$DURATION --latency, one worker thread per proxy, keep-alive to one nginx backend"
printf "%-8s %12s %10s\n" proxy "requests/s" "p99 ms"
for p in router nginx haproxy; do
  [[ -n "${RPS[$p]:-}" ]] && printf "%-8s %12s %10s\n" "$p" "${RPS[$p]}" "${P99[$p]}"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
[[ -n "${RPS[nginx]:-}" ]] && echo "router/nginx   requests/s $(ratio "${RPS[router]}" "${RPS[nginx]}")  p99 $(ratio "${P99[router]}" "${P99[nginx]}")"
[[ -n "${RPS[haproxy]:-}" ]] && echo "router/haproxy requests/s $(ratio "${RPS[router]}" "${RPS[haproxy]}")  p99 $(ratio "${P99[router]}" "${P99[haproxy]}")"
