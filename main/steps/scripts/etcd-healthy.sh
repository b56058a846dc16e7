#!/bin/bash
# etcd-healthy (restore-etcd, the control plane): after the restore, the member answers
# `etcdctl endpoint health` ("<endpoint> is healthy: successfully committed proposal", etcd v3.4
# etcdctl/ctlv3/command/ep_command.go) and the API server answers /readyz with the admin
# kubeconfig (https://kubernetes.io/docs/reference/using-api/health-checks/), waited for up to
# five minutes: the kubelet restarts the static pods from the manifests put back.
# Env: none.
set -euo pipefail

healthy() { kl_etcdctl_tls endpoint health >/dev/null 2>&1; }
api_ready() { [[ $(kl_kctl get --raw /readyz 2>/dev/null || true) == ok ]]; }

check() {
  healthy || { kl_need "etcd does not answer endpoint health"; return 1; }
  api_ready || { kl_need "the API server does not answer /readyz"; return 1; }
}

apply() {
  for _ in $(seq 1 150); do
    if healthy && api_ready; then return 0; fi
    sleep 2
  done
  kl_etcdctl_tls endpoint health || true
}

kl_main
