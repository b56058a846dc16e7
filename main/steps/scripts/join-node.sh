#!/bin/bash
# join-node: kubeadm join with a token minted on the control plane for this run and the CA
# certificate hash (sha256 of the CA's public key). Run detached. Done once the node has a
# kubelet.conf (kubeadm writes it at the end of the TLS bootstrap).
# Env: JOIN_CONFIG (the JoinConfiguration: endpoint, token, CA hash, CRI socket, ignored preflight
# errors; written to a root-only file, never passed as arguments), JOIN_ENDPOINT, JOIN_CA_HASH.
set -euo pipefail

check() {
  [[ -f /etc/kubernetes/kubelet.conf ]] || { kl_need "the node has not joined (no kubelet.conf)"; return 1; }
}

apply() {
  kl_join
}

kl_main
