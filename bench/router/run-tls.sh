#!/usr/bin/env bash
# HTTPS and HTTP/2 side by side, with plain HTTP/1.1 in the same run: Gantry's router (BoringSSL
# through netty-tcnative, and the JDK's TLS provider) vs nginx with the same certificate (ECDSA
# P-256), TLS versions and cipher preference, both in front of run.sh's nginx backend with ONE
# worker thread and keep-alive upstream. HTTPS: wrk -t1 -c64 -d10s --latency (keep-alive, so the
# handshakes are amortised). HTTP/2: h2load -c16 -m10 -t1 -D10s (p99 from its --log-file). Plain:
# wrk as run.sh, router vs nginx vs HAProxy. ROUNDS interleaved rounds, medians, each proxy's own
# CPU time per request from /proc. Before measuring it checks that every reported path is taken:
# TLS 1.3, one cipher and group, the same certificate, ALPN h2 and http/1.1, the router's provider.
# Usage: bench/router/run-tls.sh   (env DURATION=10s CONNECTIONS=64 H2_CLIENTS=16 H2_STREAMS=10
#        ROUNDS=3 WARMUP_REQUESTS=300000 PLAIN=1 JDK=1 ROUTER_TRANSPORT=io_uring|epoll|nio, ports)
set -euo pipefail
shopt -s inherit_errexit   # a failed check inside $(...) stops the script

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
WARMUP_REQUESTS="${WARMUP_REQUESTS:-300000}"   # per router and path (plain, HTTPS, h2), each at most 18 runs of 5 s
ROUTER_TRANSPORT="${ROUTER_TRANSPORT:-io_uring}"
CONNECTIONS="${CONNECTIONS:-64}"                # wrk connections (plain and HTTPS)
H2_CLIENTS="${H2_CLIENTS:-16}"                  # h2load connections
H2_STREAMS="${H2_STREAMS:-10}"                  # h2load concurrent streams per connection
PLAIN="${PLAIN:-1}"                             # 0: skip the plain HTTP/1.1 rows
JDK="${JDK:-1}"                                 # 0: skip the router on the JDK provider
BACKEND_PORT="${BACKEND_PORT:-18281}"
NGINX_PORT="${NGINX_PORT:-18282}"
NGINX_TLS_PORT="${NGINX_TLS_PORT:-18283}"
HAPROXY_PORT="${HAPROXY_PORT:-18284}"
ROUTER_PORT="${ROUTER_PORT:-18285}"
ROUTER_TLS_PORT="${ROUTER_TLS_PORT:-18286}"
ROUTER_JDK_PORT="${ROUTER_JDK_PORT:-18287}"
ROUTER_JDK_TLS_PORT="${ROUTER_JDK_TLS_PORT:-18288}"
NGINX="${NGINX:-/usr/sbin/nginx}"
HAPROXY="${HAPROXY:-/usr/sbin/haproxy}"
WRK="${WRK:-/usr/bin/wrk}"
H2LOAD="${H2LOAD:-/usr/bin/h2load}"
CURL="${CURL:-/usr/bin/curl}"
OPENSSL="${OPENSSL:-/usr/bin/openssl}"
# The router's preference (TlsProvider: Netty's Http2SecurityUtil.CIPHERS), given to nginx as well.
TLS12_CIPHERS="ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
TLS13_CIPHERS="TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
BACKEND_BODY="hello from the bench backend"
# shellcheck source=lib.sh
source "$ROOT/bench/router/lib.sh"
bench_init gantry-router-tls-bench
fail() { echo "FAIL: $*" >&2; exit 1; }

# One self-signed ECDSA P-256 certificate for 127.0.0.1 (the URL host, also sent as SNI by wrk).
make_certificate() {
  mkdir -p "$WORK/certs"
  "$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=127.0.0.1 \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "basicConstraints=critical,CA:FALSE" \
    -keyout "$WORK/certs/default.key" -out "$WORK/certs/default.crt" 2>/dev/null
  CERT_FINGERPRINT="$("$OPENSSL" x509 -in "$WORK/certs/default.crt" -noout -fingerprint -sha256)"
}

# Clients (wrk, curl, openssl s_client: OpenSSL 3; h2load by --tls13-ciphers) offer TLS 1.3 suites in
# the router's order, as browsers do (AES-128-GCM first). BoringSSL follows the client's order, the
# JDK provider and nginx (ssl_prefer_server_ciphers on) their own, identical, one: all pick the same.
# OpenSSL's default client order starts with AES-256-GCM, which BoringSSL would take and the others not.
# Exported only after every server started, so nginx and HAProxy do not read it.
clients_offer_router_order() {
  cat > "$WORK/client-openssl.cnf" <<CONF
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
Ciphersuites = $TLS13_CIPHERS
CONF
  export OPENSSL_CONF="$WORK/client-openssl.cnf"
}

# nginx as a proxy: plain on NGINX_PORT, TLS with HTTP/2 on NGINX_TLS_PORT (1.22 syntax: "listen ... ssl
# http2"). Session cache and tickets stay at nginx's defaults. keepalive 256 = the router's idle pool.
start_nginx() {
  nginx_conf proxy "upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 256; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    listen 127.0.0.1:$NGINX_TLS_PORT ssl http2;
    ssl_certificate $WORK/certs/default.crt;
    ssl_certificate_key $WORK/certs/default.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers $TLS12_CIPHERS;
    ssl_conf_command Ciphersuites $TLS13_CIPHERS;
    ssl_prefer_server_ciphers on;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; proxy_buffering on; }
  }"
  "$NGINX" -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" & PIDS+=($!)
  wait_port "$NGINX_PORT" && wait_port "$NGINX_TLS_PORT"
}

# $1 = provider (openssl|jdk), $2 = plain port, $3 = TLS port. Returns 1 when the router exits
# (e.g. netty-tcnative did not load); else waits for its "router tls provider=" line and checks it.
start_router() {
  local out="$WORK/router-$1.out" line
  "$JAVA" "${ROUTER_JVM_FLAGS[@]}" -Dgantry.tls.provider="$1" -cp "$ROUTER_CP" dev.gantry.proxy.BenchRouterMain \
    "$2" "$BACKEND_PORT" 1 "$3" "$WORK/certs" > "$out" & PIDS+=($!)
  for _ in $(seq 1 600); do   # 60 s: on a loaded box pre-touching the heap alone takes several
    line="$(grep -m1 '^router tls provider=' "$out" || true)"
    [[ -n "$line" ]] && break
    kill -0 "${PIDS[-1]}" 2>/dev/null || { echo "SKIP router-$1: the router exited at start (see above)" >&2; return 1; }
    sleep 0.1
  done
  [[ "$line" == "router tls provider=$1 "* ]] || fail "router-$1 reports '${line:-nothing}'"
  echo "router-$1: ${line#router tls }" >&2
  wait_port "$2" && wait_port "$3"
}

# Setup checks for one TLS port: the answer over HTTP/1.1 and h2 (ALPN), TLS 1.3, the cipher and
# group, and our certificate, as wrk's client (OpenSSL, SNI 127.0.0.1, no ALPN) sees them.
check_tls() { # $1 = name, $2 = port; prints "protocol cipher group"
  local url="https://127.0.0.1:$2/" v body s
  for v in 1.1 2; do
    body="$("$CURL" -sk -m 5 "--http$v" -o "$WORK/body" -w '%{http_code} %{http_version}' "$url")" || fail "$1: curl --http$v $url failed"
    [[ "$body" == "200 $v" ]] || fail "$1: curl --http$v $url answered '$body', expected '200 $v'"
    [[ "$(cat "$WORK/body")" == "$BACKEND_BODY" ]] || fail "$1: unexpected body over HTTP/$v: $(head -c 200 "$WORK/body")"
  done
  s="$(timeout 10 "$OPENSSL" s_client -connect "127.0.0.1:$2" -servername 127.0.0.1 </dev/null 2>/dev/null)" || true
  "$OPENSSL" x509 -noout -fingerprint -sha256 <<<"$s" | grep -qx "$CERT_FINGERPRINT" || fail "$1: serves another certificate"
  local protocol cipher group
  read -r protocol cipher < <(awk '/^New, / {sub(",", "", $2); print $2, $5}' <<<"$s") || true
  group="$(awk -F': ' '/^Server Temp Key/ {sub(",.*", "", $2); print $2}' <<<"$s")"
  [[ "$protocol" == TLSv1.3 ]] || fail "$1: negotiated '$protocol', expected TLSv1.3"
  echo "$protocol $cipher ${group:-?}"
}

# Prints "requests_per_second p99_ms cpu_us_per_request" for one h2load run against URL $1, proxy pid $2.
# Fails unless h2load negotiated h2 over TLS 1.3; p99 over every completed stream of its --log-file.
measure_h2() {
  local out before after log="$WORK/h2load.log"
  before="$(cpu_ticks "$2")"
  out="$(h2load_run "$DURATION" "$1" --log-file="$log")"
  after="$(cpu_ticks "$2")"
  local rps completed failed non2xx p99
  rps="$(awk '/^finished in/ {print $4}' <<<"$out")"
  completed="$(awk '/^requests:/ {print $8}' <<<"$out")"
  failed="$(awk '/^requests:/ {print $10 + $12 + $14}' <<<"$out")"
  non2xx="$(awk '/^status codes:/ {print $5 + $7 + $9}' <<<"$out")"
  [[ "$failed" == 0 ]] || echo "WARNING: $failed failed, errored or timed-out h2 requests to $1" >&2
  [[ "$non2xx" == 0 ]] || echo "WARNING: $non2xx non-2xx h2 answers from $1" >&2
  p99="$(awk -F'\t' '$2 > 0 {print $3}' "$log" | sort -n | awk '{a[NR]=$1} END{i=int(NR*0.99); if (i < NR*0.99) i++; if (NR) printf "%.3f", a[i]/1000; else print "n/a"}')"
  rm -f "$log"
  echo "$rps $p99 $(cpu_us_per_request $((after - before)) "$completed")"
}
h2load_run() { # $1 = duration, $2 = URL, more h2load options after; prints h2load's output
  local out
  out="$(timeout -k 5 $(( $(seconds "$1") + 30 )) "$H2LOAD" -c"$H2_CLIENTS" -m"$H2_STREAMS" -t1 -D"$1" \
    --tls13-ciphers="$TLS13_CIPHERS" "${@:3}" "$2")"
  grep -q '^Application protocol: h2$' <<<"$out" || fail "h2load did not negotiate h2 with $2: $(grep -E 'protocol|error' <<<"$out" | head -3)"
  grep -q '^TLS Protocol: TLSv1.3$' <<<"$out" || fail "h2load did not negotiate TLS 1.3 with $2"
  grep -q "^Cipher: $H2_CIPHER\$" <<<"$out" || fail "h2load: $2 chose $(grep '^Cipher:' <<<"$out"), nginx $H2_CIPHER"
  echo "$out"
}
h2_requests() { h2load_run "$1" "$2" | awk '/^requests:/ {print $8}'; }

# 5 s runs of wrk or h2load ($1 = wrk_requests|h2_requests) against URL $2 until WARMUP_REQUESTS
# were served (or 18 runs), so C2 has compiled that path.
warm_router() {
  local served=0 n
  for _ in $(seq 1 18); do
    n="$("$1" 5s "$2")"
    served=$((served + n))
    (( served >= WARMUP_REQUESTS )) && break
  done
  echo "warm-up $2 (${1%_requests}): $served requests" >&2
}

need "$WRK" wrk || exit 1
need "$H2LOAD" "h2load (nghttp2-client)" || exit 1
need "$CURL" curl || exit 1
need "$OPENSSL" openssl || exit 1
need "$NGINX" "nginx (needed for the backend too)" || exit 1
build_router
make_certificate
start_backend
start_nginx

declare -A PID URL
PID[nginx]=${PIDS[-1]}
URL[https/nginx]="https://127.0.0.1:$NGINX_TLS_PORT/"
URL[h2/nginx]="https://127.0.0.1:$NGINX_TLS_PORT/"
URL[http/nginx]="http://127.0.0.1:$NGINX_PORT/"
if [[ "$PLAIN" == 1 ]] && need "$HAPROXY" haproxy; then
  start_haproxy "$HAPROXY_PORT"; PID[haproxy]=${PIDS[-1]}; URL[http/haproxy]="http://127.0.0.1:$HAPROXY_PORT/"
fi
if start_router openssl "$ROUTER_PORT" "$ROUTER_TLS_PORT"; then
  PID[router-openssl]=${PIDS[-1]}
  URL[https/router-openssl]="https://127.0.0.1:$ROUTER_TLS_PORT/"
  URL[h2/router-openssl]="https://127.0.0.1:$ROUTER_TLS_PORT/"
  URL[http/router-openssl]="http://127.0.0.1:$ROUTER_PORT/"
fi
if [[ "$JDK" == 1 ]] && start_router jdk "$ROUTER_JDK_PORT" "$ROUTER_JDK_TLS_PORT"; then
  PID[router-jdk]=${PIDS[-1]}
  URL[https/router-jdk]="https://127.0.0.1:$ROUTER_JDK_TLS_PORT/"
  URL[h2/router-jdk]="https://127.0.0.1:$ROUTER_JDK_TLS_PORT/"
fi
[[ -n "${PID[router-openssl]:-}${PID[router-jdk]:-}" ]] || fail "no router started"
[[ "$PLAIN" == 1 ]] || unset 'URL[http/nginx]' 'URL[http/router-openssl]'
clients_offer_router_order

# Every TLS proxy must agree with nginx on protocol, cipher and group, or the comparison is off.
declare -A TLS
for p in nginx router-openssl router-jdk; do
  [[ -n "${PID[$p]:-}" ]] || continue
  port="${URL[https/$p]#https://127.0.0.1:}"
  TLS[$p]="$(check_tls "$p" "${port%/}")" || exit 1
  echo "$p: ${TLS[$p]}, HTTP/1.1 and h2 by ALPN answered 200" >&2
  [[ "${TLS[$p]}" == "${TLS[nginx]}" ]] || fail "$p negotiates '${TLS[$p]}', nginx '${TLS[nginx]}'"
done

wrk_requests 3s "${URL[https/nginx]}" >/dev/null
read -r _ H2_CIPHER _ <<<"${TLS[nginx]}"   # what h2load must see from every proxy, checked in every run
h2_requests 3s "${URL[h2/nginx]}" >/dev/null
[[ -z "${URL[http/nginx]:-}" ]] || wrk_requests 3s "${URL[http/nginx]}" >/dev/null
[[ -z "${URL[http/haproxy]:-}" ]] || wrk_requests 3s "${URL[http/haproxy]}" >/dev/null
for p in router-openssl router-jdk; do
  [[ -n "${PID[$p]:-}" ]] || continue
  [[ -z "${URL[http/$p]:-}" ]] || warm_router wrk_requests "${URL[http/$p]}"
  warm_router wrk_requests "${URL[https/$p]}"
  warm_router h2_requests "${URL[h2/$p]}"
done

SCENARIOS=(https h2 http)
PROXIES=(router-openssl router-jdk nginx haproxy)
declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
  for s in "${SCENARIOS[@]}"; do
    for p in "${PROXIES[@]}"; do
      [[ -n "${URL[$s/$p]:-}" ]] || continue
      if [[ "$s" == h2 ]]; then r="$(measure_h2 "${URL[$s/$p]}" "${PID[$p]}")"; else r="$(measure_wrk "${URL[$s/$p]}" "${PID[$p]}")"; fi
      RESULTS[$s/$p]+="$r"$'\n'
    done
  done
done
declare -A RPS P99 CPU
for key in "${!RESULTS[@]}"; do
  RPS[$key]="$(awk 'NF {print $1}' <<<"${RESULTS[$key]}" | median)"
  P99[$key]="$(awk 'NF {print $2}' <<<"${RESULTS[$key]}" | median)"
  CPU[$key]="$(awk 'NF {print $3}' <<<"${RESULTS[$key]}" | median)"
done

table() { # $1 = scenario, $2 = title; then "a/b" pairs to print ratios for
  local s="$1" p pair
  echo; echo "$2"
  printf "%-15s %12s %10s %16s\n" proxy "requests/s" "p99 ms" "proxy CPU us/req"
  for p in "${PROXIES[@]}"; do
    [[ -n "${RPS[$s/$p]:-}" ]] && printf "%-15s %12s %10s %16s\n" "$p" "${RPS[$s/$p]}" "${P99[$s/$p]}" "${CPU[$s/$p]}"
  done
  for pair in "${@:3}"; do
    local a="${pair%%/*}" b="${pair#*/}"
    [[ -n "${RPS[$s/$a]:-}" && -n "${RPS[$s/$b]:-}" ]] || continue
    echo "$a/$b requests/s $(ratio "${RPS[$s/$a]}" "${RPS[$s/$b]}")  p99 $(ratio "${P99[$s/$a]}" "${P99[$s/$b]}")  CPU/req $(ratio "${CPU[$s/$a]}" "${CPU[$s/$b]}")"
  done
}
echo
echo "one worker thread per proxy; keep-alive to one nginx backend; router transport cap $ROUTER_TRANSPORT"
echo "TLS as wrk's client sees it (same for every proxy): ${TLS[nginx]}, ECDSA P-256 certificate"
echo "median of $ROUNDS interleaved rounds; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
table https "HTTPS: wrk -t1 -c$CONNECTIONS -d$DURATION --latency (HTTP/1.1 keep-alive over TLS)" \
  router-openssl/nginx router-jdk/nginx router-openssl/router-jdk
table h2 "HTTP/2: h2load -c$H2_CLIENTS -m$H2_STREAMS -t1 -D$DURATION (ALPN h2, p99 from --log-file)" \
  router-openssl/nginx router-jdk/nginx router-openssl/router-jdk
[[ "$PLAIN" != 1 ]] || table http "plain HTTP/1.1: wrk -t1 -c$CONNECTIONS -d$DURATION --latency (router-openssl's plain port)" \
  router-openssl/nginx router-openssl/haproxy
