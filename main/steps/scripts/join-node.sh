#!/bin/bash
# join-node: kubeadm join with a token minted on the control plane for this run and the CA
# certificate hash (sha256 of the CA's public key). Run detached. Done once the node has a
# kubelet.conf (kubeadm writes it at the end of the TLS bootstrap).
# Env: JOIN_ENDPOINT, JOIN_TOKEN, JOIN_CA_HASH, CRI_SOCKET, IGNORE_PREFLIGHT (comma list).
set -euo pipefail

check() {
  [[ -f /etc/kubernetes/kubelet.conf ]] || { kl_need "the node has not joined (no kubelet.conf)"; return 1; }
}

apply() {
  local args=(join "$JOIN_ENDPOINT" --token "$JOIN_TOKEN" --discovery-token-ca-cert-hash "$JOIN_CA_HASH" --cri-socket "$CRI_SOCKET")
  if [[ -n ${IGNORE_PREFLIGHT:-} ]]; then args+=("--ignore-preflight-errors=$IGNORE_PREFLIGHT"); fi
  kl_log "kubeadm join $JOIN_ENDPOINT --token <secret> --discovery-token-ca-cert-hash $JOIN_CA_HASH"
  kubeadm "${args[@]}"
}

kl_main
