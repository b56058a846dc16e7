#!/bin/bash
# etcd-healthy (restore-etcd, every control plane): after the restore, `etcdctl member list`
# shows exactly EXPECTED_MEMBERS members, all started (the simple form prints
# "<id>, started, <name>, <peer URLs>, <client URLs>, <is learner>": etcd v3.4
# etcdctl/ctlv3/command/printer_simple.go MemberList), every one of them answers `etcdctl
# endpoint health --cluster` ("<endpoint> is healthy: successfully committed proposal": etcd
# v3.4 etcdctl/ctlv3/command/ep_command.go; --cluster: "use all endpoints from the cluster
# member list", etcdctl 3.4's help), and the API server answers /readyz with the admin
# kubeconfig (https://kubernetes.io/docs/reference/using-api/health-checks/). Waited for up to
# five minutes: the kubelet restarts the static pods from the manifests put back.
# Env: EXPECTED_MEMBERS.
set -euo pipefail

members() { kl_etcdctl_tls member list 2>/dev/null | grep -c ', started, ' || true; }
all_members() { kl_etcdctl_tls member list 2>/dev/null | grep -c . || true; }
healthy() { kl_etcdctl_tls endpoint health --cluster >/dev/null 2>&1; }
api_ready() { [[ $(kl_kctl get --raw /readyz 2>/dev/null || true) == ok ]]; }

check() {
  local started total
  healthy || { kl_need "etcd does not answer endpoint health on every member"; return 1; }
  started=$(members); total=$(all_members)
  [[ $started == "$EXPECTED_MEMBERS" && $total == "$EXPECTED_MEMBERS" ]] ||
    { kl_need "etcd lists $total member(s), $started started; expected $EXPECTED_MEMBERS"; return 1; }
  api_ready || { kl_need "the API server does not answer /readyz"; return 1; }
}

apply() {
  for _ in $(seq 1 150); do
    if check 2>/dev/null; then return 0; fi
    sleep 2
  done
  kl_etcdctl_tls member list || true
  kl_etcdctl_tls endpoint health --cluster || true
}

kl_main
