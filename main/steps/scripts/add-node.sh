#!/bin/bash
# add-node (day 2): joins a machine added after the install, with a freshly minted token, then
# waits until the API server knows the node (read with the node's own kubelet credentials).
# Env: JOIN_CONFIG (the JoinConfiguration: endpoint, token, CA hash, CRI socket, ignored preflight
# errors; written to a root-only file, never passed as arguments), JOIN_ENDPOINT, JOIN_CA_HASH.
set -euo pipefail

registered() {
  kubectl --kubeconfig /etc/kubernetes/kubelet.conf get node "$(hostname | tr '[:upper:]' '[:lower:]')" >/dev/null 2>&1
}

check() {
  [[ -f /etc/kubernetes/kubelet.conf ]] || { kl_need "the node has not joined (no kubelet.conf)"; return 1; }
  registered || { kl_need "the node is not registered with the API server"; return 1; }
}

apply() {
  local i
  if [[ ! -f /etc/kubernetes/kubelet.conf ]]; then kl_join; fi
  for i in $(seq 1 60); do
    registered && return 0
    [[ $i == 1 ]] && kl_log "waiting for the node to register"
    sleep 2
  done
}

kl_main
