# Prometheus for deploy/local/up and down: Debian's prometheus binary on
# loopback, scraping every registered service's metrics port with the alert
# rules of deploy/prometheus/alerts.yml. Sourced after lib.sh.
#
# Its state lives in $CC_STATE/prometheus (config, data, pid); its log in
# $CC_STATE/logs/prometheus.log. The port is CC_PROMETHEUS_PORT, by default
# 9090 + CC_PORT_OFFSET.

CC_PROMETHEUS_PORT=${CC_PROMETHEUS_PORT:-$((9090 + ${CC_PORT_OFFSET:-0}))}
CC_PROMETHEUS_DIR=$CC_STATE/prometheus

# cc_prometheus_config: the local configuration on stdout. The same jobs as
# deploy/prometheus/prometheus.yml (the rules take `job` for the service),
# with loopback targets and a shorter scrape interval for a developer.
cc_prometheus_config() {
  local svc
  cat <<YAML
# Written by deploy/local/up from deploy/services.txt; do not edit.
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files:
  - $CC_ROOT/deploy/prometheus/alerts.yml
scrape_configs:
YAML
  for svc in "${CC_SERVICES[@]}"; do
    printf '  - job_name: %s\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' \
      "$svc" "${CC_METRICS_PORT[$svc]}"
  done
}

# cc_http_get URL: the body, or non-zero if it does not answer 200 in 2 s.
cc_http_get() {
  python3 - "$1" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        sys.stdout.write(r.read().decode())
except Exception:
    sys.exit(1)
PY
}

cc_prometheus_stop() {
  local pidfile=$CC_PROMETHEUS_DIR/prometheus.pid i
  cc_pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  kill -TERM "$(cat "$pidfile")"
  for i in $(seq 1 100); do
    cc_pid_alive "$pidfile" || break
    sleep 0.1
  done
  cc_pid_alive "$pidfile" && kill -KILL "$(cat "$pidfile")"
  rm -f "$pidfile"
}

# cc_prometheus_start: (re)starts it with a fresh configuration and waits
# until it is ready. A port taken by another program is an error that says
# what to do: on a host with systemd, Debian's package starts a Prometheus
# of its own on 9090.
cc_prometheus_start() {
  command -v prometheus >/dev/null || cc_die "prometheus missing (apt-get install prometheus)"
  mkdir -p "$CC_PROMETHEUS_DIR/data" "$CC_STATE/logs"
  cc_prometheus_stop
  if (exec 3<>"/dev/tcp/127.0.0.1/$CC_PROMETHEUS_PORT") 2>/dev/null; then
    cc_die "port $CC_PROMETHEUS_PORT is taken by another program. If it is the system's Prometheus
  (Debian's package starts one): systemctl disable --now prometheus
  or choose another port: CC_PROMETHEUS_PORT=9091 deploy/local/up"
  fi
  cc_prometheus_config >"$CC_PROMETHEUS_DIR/prometheus.yml"
  promtool check config "$CC_PROMETHEUS_DIR/prometheus.yml" >/dev/null \
    || cc_die "the generated $CC_PROMETHEUS_DIR/prometheus.yml is invalid"
  setsid prometheus --config.file="$CC_PROMETHEUS_DIR/prometheus.yml" \
    --storage.tsdb.path="$CC_PROMETHEUS_DIR/data" --storage.tsdb.retention.time=15d \
    --web.listen-address="127.0.0.1:$CC_PROMETHEUS_PORT" \
    >>"$CC_STATE/logs/prometheus.log" 2>&1 </dev/null &
  echo $! >"$CC_PROMETHEUS_DIR/prometheus.pid"
  local i
  for ((i = 0; i < 300; i++)); do
    cc_http_get "http://127.0.0.1:$CC_PROMETHEUS_PORT/-/ready" >/dev/null && return 0
    cc_pid_alive "$CC_PROMETHEUS_DIR/prometheus.pid" || break
    sleep 0.1
  done
  tail -n 20 "$CC_STATE/logs/prometheus.log" >&2
  cc_die "Prometheus did not become ready (log: $CC_STATE/logs/prometheus.log)"
}

# cc_prometheus_targets_up SECONDS: waits until every job's target is up,
# printing those that are not if time runs out.
cc_prometheus_targets_up() {
  local seconds=$1 i down
  for ((i = 0; i < seconds; i++)); do
    down=$(cc_http_get "http://127.0.0.1:$CC_PROMETHEUS_PORT/api/v1/targets?state=active" | python3 -c '
import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
print(" ".join(t["labels"]["job"] for t in targets if t["health"] != "up") or ("none" if not targets else ""))
' 2>/dev/null) || down="(no answer)"
    [ -z "$down" ] && return 0
    sleep 1
  done
  echo "Prometheus cannot scrape: $down" >&2
  return 1
}
