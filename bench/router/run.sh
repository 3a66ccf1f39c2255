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
# shellcheck source=lib.sh
source "$ROOT/bench/router/lib.sh"
bench_init gantry-router-bench

start_nginx() {
  nginx_conf proxy "upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 128; }
  server { listen 127.0.0.1:$NGINX_PORT; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_buffering on; } }"
  "$NGINX" -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" & PIDS+=($!)
  wait_port "$NGINX_PORT"
}

start_router() {
  build_router
  "$JAVA" "${ROUTER_JVM_FLAGS[@]}" -cp "$ROUTER_CP" dev.gantry.proxy.BenchRouterMain "$ROUTER_PORT" "$BACKEND_PORT" 1 & PIDS+=($!)
  wait_port "$ROUTER_PORT"
}

measure() { measure_wrk "http://127.0.0.1:$1/" "$2"; }
warm() { wrk_requests "$1" "http://127.0.0.1:$2/" >/dev/null; }

need "$WRK" wrk || exit 1
need "$NGINX" "nginx (needed for the backend too)" || exit 1
start_backend

declare -A PID
if need "$NGINX" nginx; then start_nginx; PID[nginx]=${PIDS[-1]}; warm 3s "$NGINX_PORT"; fi
if need "$HAPROXY" haproxy; then start_haproxy "$HAPROXY_PORT"; PID[haproxy]=${PIDS[-1]}; warm 3s "$HAPROXY_PORT"; fi
start_router; PID[router]=${PIDS[-1]}
warm_router() { # 5 s wrk runs until WARMUP_REQUESTS requests were served (or 18 runs)
  local served=0 n
  for _ in $(seq 1 18); do
    n="$(wrk_requests 5s "http://127.0.0.1:$ROUTER_PORT/")"
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
for peer in nginx haproxy; do
  [[ -n "${RPS[$peer]:-}" ]] || continue
  echo "router/$peer requests/s $(ratio "${RPS[router]}" "${RPS[$peer]}")  p99 $(ratio "${P99[router]}" "${P99[$peer]}")  CPU/req $(ratio "${CPU[router]}" "${CPU[$peer]}")"
done
