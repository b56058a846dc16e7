#!/bin/bash
# delete-node (remove-node, on a control plane): kubectl delete node, after the machine's reset so
# its kubelet cannot register it again. A machine that could not be reached (UNREACHABLE=1) was
# not touched: what is left on it is said as a notice.
# Env: TARGET_IP, TARGET_LABEL, UNREACHABLE.
set -euo pipefail

# set -e does not hold inside `if check` (kl_main): an unanswered node list must not read as done.
check() {
  local name
  name=$(kl_node_by_ip) || kl_die "cannot tell whether $TARGET_IP is still in the cluster"
  [[ -z $name ]] || { kl_need "the cluster still has node $name"; return 1; }
}

apply() {
  local name
  name=$(kl_node_by_ip)
  [[ -z $name ]] || kl_kctl delete node "$name"
  if [[ ${UNREACHABLE:-0} == 1 ]]; then
    kl_log "notice: $TARGET_LABEL could not be reached and was not touched: its kubelet, the certificates and kubeconfigs in /etc/kubernetes, static pod manifests, CNI configuration and interfaces and iptables rules are still on it. Keep it off the network, or reset it (kubelab reset --node) once it is reachable, before it rejoins"
  fi
}

kl_main
