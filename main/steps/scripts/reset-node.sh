#!/bin/bash
# reset-node (day 2): with KL_MODE=drain, on the control plane: drains the node whose InternalIP
# is TARGET_IP and deletes it from the cluster. Otherwise, on the node itself: kubeadm reset plus
# CNI directories, CNI interfaces and iptables cleanup.
# Env: CRI_SOCKET, ADMIN_USER, TARGET_IP and DRAIN_FLAGS (drain mode only).
set -euo pipefail

check() { kl_reset_check; }
apply() { kl_reset_apply; }

# kubectl, asked up to three times: an API server that blips (a control plane restarting, a slow
# etcd) must not make a node look absent from the cluster, or leave it there after its reset.
kctl_again() {
  local try
  for try in 1 2 3; do
    kubectl "$@" && return 0
    ((try < 3)) && sleep 2
  done
  return 1
}

drain() {
  local name nodes
  export KUBECONFIG=/etc/kubernetes/admin.conf
  nodes=$(kctl_again get nodes -o wide) || kl_die "cannot list the cluster's nodes; $TARGET_IP was not drained"
  name=$(awk -v ip="$TARGET_IP" 'NR > 1 && $6 == ip {print $1}' <<<"$nodes")
  if [[ -z $name ]]; then kl_log "no node with address $TARGET_IP in the cluster; nothing to drain"; return 0; fi
  kl_log "draining $name"
  # shellcheck disable=SC2086 # DRAIN_FLAGS is a list of flags chosen by kubelab.
  if ! kubectl drain "$name" --ignore-daemonsets --force $DRAIN_FLAGS --timeout=120s; then
    kl_log "drain of $name did not finish; deleting the node anyway (reset was confirmed)"
  fi
  kctl_again delete node "$name"
}

if [[ ${KL_MODE:-} == drain ]]; then drain; else kl_main; fi
