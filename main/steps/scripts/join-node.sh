#!/bin/bash
# join-node: kubeadm join with a token minted on the control plane for this run and the CA
# certificate hash (sha256 of the CA's public key). Run detached.
# Done only when the API server knows this node (read with the node's own kubelet credentials):
# a kubelet.conf alone is what a join that failed late (or a cluster reset on the control plane)
# leaves behind. A join that is needed on a node holding such leftovers runs `kubeadm reset -f`
# first (kubeadm join's preflight refuses an existing kubelet.conf / ca.crt: FileAvailable) and
# says so in the log.
# Env: JOIN_CONFIG (the JoinConfiguration: endpoint, token, CA hash, CRI socket, ignored preflight
# errors; written to a root-only file, never passed as arguments), JOIN_ENDPOINT, JOIN_CA_HASH,
# CRI_SOCKET (for the reset of leftovers).
set -euo pipefail

KUBELET_CONF=/etc/kubernetes/kubelet.conf

# kubeadm's default node name: the hostname, lowercased (k8s.io/component-helpers/node/util
# GetHostname; kubernetes v1.30 source).
node_name() { hostname | tr '[:upper:]' '[:lower:]'; }

registered() {
  kubectl --kubeconfig "$KUBELET_CONF" --request-timeout=10s get node "$(node_name)" >/dev/null 2>&1
}

check() {
  [[ -f $KUBELET_CONF ]] || { kl_need "the node has not joined (no kubelet.conf)"; return 1; }
  registered || { kl_need "the API server does not know node $(node_name)"; return 1; }
}

leftovers() {
  [[ -e $KUBELET_CONF || -e /etc/kubernetes/pki/ca.crt || -e /etc/kubernetes/bootstrap-kubelet.conf ]]
}

# Whether the leftovers may be reset: the API server answered and does not know this node (a join
# that failed late), or refused the credentials (kubelet.conf of a cluster that was reset). An
# API server that cannot be reached says nothing, and a joined node is never reset on a guess.
may_reset() {
  local err
  [[ -f $KUBELET_CONF ]] || return 0
  err=$(kubectl --kubeconfig "$KUBELET_CONF" --request-timeout=10s get node "$(node_name)" 2>&1 >/dev/null || true)
  [[ $err =~ NotFound|x509|Unauthorized|Forbidden ]]
}

apply() {
  if leftovers; then
    may_reset || kl_die "this node has a kubelet.conf but the API server at $JOIN_ENDPOINT cannot tell whether it joined; kubelab will not reset it on a guess"
    kl_log "notice: an earlier kubeadm join on this node did not finish; running kubeadm reset -f before joining again"
    kubeadm reset -f --cri-socket "$CRI_SOCKET"
    rm -rf /etc/cni/net.d
  fi
  kl_join
  # kubeadm join returns once the TLS bootstrap wrote kubelet.conf; the kubelet registers the
  # Node right after. Wait for it so the check below proves the join (at most 2 minutes).
  local i
  for i in $(seq 1 60); do
    registered && return 0
    [[ $i == 1 ]] && kl_log "waiting for the node to register"
    sleep 2
  done
}

kl_main
