#!/bin/bash
# add-node (day 2): joins a machine added after the install, with a freshly minted token, then
# waits until the API server knows the node (read with the node's own kubelet credentials).
# Env: JOIN_ENDPOINT, JOIN_TOKEN, JOIN_CA_HASH, CRI_SOCKET, IGNORE_PREFLIGHT (comma list).
set -euo pipefail

registered() {
  kubectl --kubeconfig /etc/kubernetes/kubelet.conf get node "$(hostname | tr '[:upper:]' '[:lower:]')" >/dev/null 2>&1
}

check() {
  [[ -f /etc/kubernetes/kubelet.conf ]] || { kl_need "the node has not joined (no kubelet.conf)"; return 1; }
  registered || { kl_need "the node is not registered with the API server"; return 1; }
}

apply() {
  local args=(join "$JOIN_ENDPOINT" --token "$JOIN_TOKEN" --discovery-token-ca-cert-hash "$JOIN_CA_HASH" --cri-socket "$CRI_SOCKET") i
  if [[ -n ${IGNORE_PREFLIGHT:-} ]]; then args+=("--ignore-preflight-errors=$IGNORE_PREFLIGHT"); fi
  if [[ ! -f /etc/kubernetes/kubelet.conf ]]; then
    kl_log "kubeadm join $JOIN_ENDPOINT --token <secret> --discovery-token-ca-cert-hash $JOIN_CA_HASH"
    kubeadm "${args[@]}"
  fi
  for i in $(seq 1 60); do
    registered && return 0
    [[ $i == 1 ]] && kl_log "waiting for the node to register"
    sleep 2
  done
}

kl_main
