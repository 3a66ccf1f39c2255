#!/usr/bin/env bash
# Robustness side by side: every case of gantry-proxy/src/test/resources/robustness/cases.txt
# (request smuggling, framing, Host, control characters, pipelining, limits) sent to Gantry's router
# and to nginx, both in front of the same RecordingBackend (a strict HTTP/1.1 parser that records
# what reaches it). Prints one table: case, expected, then status/close/backend count and ok/FAIL
# for each proxy. Exits non-zero only when the router fails a case that is not in
# RobustnessSuiteTest.KNOWN_FAILING (STRICT=1: also those); nginx's failures are for comparison.
# Usage: bench/router/robustness.sh   (env BACKEND_PORT, NGINX_PORT, NGINX=/usr/sbin/nginx, STRICT=1)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
NGINX="${NGINX:-/usr/sbin/nginx}"
# shellcheck source=lib.sh
source "$ROOT/bench/router/lib.sh"
bench_init gantry-robustness

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # first port from $1 up that nobody listens on
  local p="$1"
  while listening "$p"; do p=$((p + 1)); done
  echo "$p"
}
wait_port() {
  for _ in $(seq 1 100); do
    if listening "$1"; then return 0; fi
    sleep 0.1
  done
  echo "port $1 did not open" >&2; return 1
}

BACKEND_PORT="${BACKEND_PORT:-$(free_port 18191)}"
NGINX_PORT="${NGINX_PORT:-$(free_port $((BACKEND_PORT + 1)))}"

# nginx as the router is configured for the corpus: shop.localhost is routed, other hosts get 404;
# bodies up to 1 MiB; request lines over 8 KiB get 414; keep-alive to the backend.
start_nginx() {
  mkdir -p "$WORK/nginx/logs"
  cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
$( [[ $EUID -eq 0 ]] && echo "user root;" )
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  client_max_body_size 1m;
  large_client_header_buffers 4 8k;
  upstream recording { server 127.0.0.1:$BACKEND_PORT; keepalive 8; }
  server { listen 127.0.0.1:$NGINX_PORT default_server; return 404; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    server_name shop.localhost;
    location / {
      proxy_pass http://recording;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
CONF
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" & PIDS+=($!)
  wait_port "$NGINX_PORT"
}

build_router() {
  (cd "$ROOT" && mvn -B -q -ntp -pl gantry-proxy test-compile \
    && mvn -B -q -ntp -pl gantry-proxy dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test) >/dev/null 2>&1 \
    || { echo "router build failed: run 'mvn -pl gantry-proxy test-compile' to see why" >&2; exit 1; }
  CP="$ROOT/gantry-proxy/target/classes:$ROOT/gantry-proxy/target/test-classes:$(cat "$WORK/cp.txt")"
}

build_router
NGINX_ARG=()
if [[ -x "$NGINX" ]]; then
  start_nginx
  NGINX_ARG=("$NGINX_PORT")
  echo "nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') on port $NGINX_PORT; backend on port $BACKEND_PORT"
else
  echo "SKIP nginx: not found at $NGINX; the table shows the router only"
fi
# The router runs inside the table's JVM (RobustnessRig, as in RobustnessSuiteTest): one I/O thread.
"$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$CP" \
  dev.gantry.proxy.RobustnessTableMain "$BACKEND_PORT" "${NGINX_ARG[@]}"
