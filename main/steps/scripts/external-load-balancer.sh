#!/bin/bash
# external-load-balancer (HA plans whose load balancer the user already runs, on the first control
# plane once kubeadm init has brought its API server up): kubelab does not configure that load
# balancer, so it proves it forwards: the API server's /healthz must answer "ok" through the
# plan's controlPlaneEndpoint, the probe kubeadm's HA guide uses (check_apiserver.sh:
# `curl -sfk --max-time 2 https://…/healthz`, kubernetes/kubeadm docs/ha-considerations.md).
# Every further control plane and worker joins through that address, so a load balancer that
# does not forward to the API servers' port is named here, before any join waits on it.
# Env: LB_HOST, LB_PORT (the endpoint), APISERVER_PORT (the control planes' API server port).
set -euo pipefail

# A freshly started API server may take a few seconds to pass the load balancer's health checks.
LB_WAIT_SECONDS=30

url() { echo "https://$LB_HOST:$LB_PORT/healthz"; }

forwards() {
  [[ $(curl -sfk --max-time 3 "$(url)" 2>/dev/null) == ok ]]
}

check() {
  forwards || {
    kl_need "the API server does not answer /healthz through the load balancer at $LB_HOST:$LB_PORT"
    return 1
  }
}

apply() {
  local waited=0 why
  until forwards; do
    if ((waited >= LB_WAIT_SECONDS)); then
      why=$(curl -sSk --max-time 3 "$(url)" 2>&1 | tail -n1 || true)
      kl_die "the load balancer at $LB_HOST:$LB_PORT does not forward to the API servers (port $APISERVER_PORT on the control planes): https://$LB_HOST:$LB_PORT/healthz did not answer ok within ${LB_WAIT_SECONDS} s (${why:-no answer}). Point it at port $APISERVER_PORT of every control plane (TCP pass-through), then retry"
    fi
    sleep 2
    waited=$((waited + 2))
  done
  kl_log "the API server answers through the load balancer at $LB_HOST:$LB_PORT"
}

kl_main
