#!/usr/bin/env bash
# Several service instances on loopback behind HAProxy (Debian's package), for scripts/cluster.sh and
# scripts/chaos.sh --cluster. Needs postgres.sh and service.sh sourced, CL_APP_CONNECTION / CL_OWNER_CONNECTION set.
# Instances listen on CL_CLUSTER_BASE+1…+N, the balancer on CL_CLUSTER_BASE.

CL_CLUSTER_BASE="${CL_CLUSTER_BASE:-5100}"
CL_INSTANCE_PIDS=()
CL_INSTANCE_ENV=()

cluster_install() { need_package haproxy; }

instance_port() { echo $((CL_CLUSTER_BASE + $1)); }

instance_start() { # index (1…N): starts (or restarts) that instance and waits until it is ready
  local i="$1" port
  port=$(instance_port "$i")
  service_start "$port" "${CL_INSTANCE_ENV[@]}" >/dev/null
  CL_INSTANCE_PIDS[$i]="$CL_SERVICE_PID"
  CL_SERVICE_PID=""
}

instance_kill() { # index [signal]
  local pid="${CL_INSTANCE_PIDS[$1]:-}"
  [ -n "$pid" ] || return 0
  kill -s "${2:-KILL}" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  CL_INSTANCE_PIDS[$1]=""
}

balancer_start() { # instances
  local config="$CL_LOCAL/haproxy.cfg" i
  cat > "$config" <<CFG
global
  maxconn 4096
  pidfile $CL_LOCAL/haproxy.pid
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # A request whose connection was refused (an instance just died) goes to another instance.
  retries 3
  option redispatch
frontend api
  bind 127.0.0.1:$CL_CLUSTER_BASE
  default_backend instances
backend instances
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2
CFG
  for i in $(seq 1 "$1"); do echo "  server instance$i 127.0.0.1:$(instance_port "$i") check" >> "$config"; done
  haproxy -c -q -f "$config"
  haproxy -D -f "$config"
  CL_BALANCER_URL="http://127.0.0.1:$CL_CLUSTER_BASE"
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$CL_BALANCER_URL/health/ready" && return 0; sleep 0.1; done
  echo "the balancer does not answer; see $config" >&2; return 1
}

balancer_stop() {
  [ -s "$CL_LOCAL/haproxy.pid" ] && kill "$(cat "$CL_LOCAL/haproxy.pid")" 2>/dev/null || true
  rm -f "$CL_LOCAL/haproxy.pid"
}

cluster_stop() {
  balancer_stop
  local i
  for i in "${!CL_INSTANCE_PIDS[@]}"; do instance_kill "$i" TERM; done
}
