#!/bin/bash
# reset-node (day 2): with KL_MODE=drain, on the control plane: drains the node whose InternalIP
# is TARGET_IP and deletes it from the cluster. Otherwise, on the node itself: kubeadm reset plus
# CNI directories, CNI interfaces and iptables cleanup.
# Env: CRI_SOCKET, ADMIN_USER, TARGET_IP and DRAIN_FLAGS (drain mode only).
set -euo pipefail

check() { kl_reset_check; }
apply() { kl_reset_apply; }

# Best effort before a reset: a node kubectl cannot find is not drained; a list that never comes
# (kl_node_by_ip asks three times) stops the drain with that reason.
drain() {
  local name
  name=$(kl_node_by_ip) || kl_die "cannot list the cluster's nodes; $TARGET_IP was not drained"
  if [[ -z $name ]]; then kl_log "no node with address $TARGET_IP in the cluster; nothing to drain"; return 0; fi
  kl_log "draining $name"
  # shellcheck disable=SC2086 # DRAIN_FLAGS is a list of flags chosen by kubelab.
  if ! kl_kctl drain "$name" --ignore-daemonsets --force $DRAIN_FLAGS --timeout=120s; then
    kl_log "drain of $name did not finish; deleting the node anyway (reset was confirmed)"
  fi
  kl_kctl_again delete node "$name"
}

if [[ ${KL_MODE:-} == drain ]]; then drain; else kl_main; fi
