#!/bin/bash
# join-control-plane: kubeadm join as a further control plane of an HA cluster, through the
# load balancer's endpoint, from a JoinConfiguration with a `controlPlane` section (what
# `--control-plane --certificate-key` mean on a command line): kubeadm downloads the shared
# certificates from the kubeadm-certs Secret with the key, writes this node's control-plane static
# pods and, with stacked etcd, adds its etcd member. Run detached, one control plane at a time.
# Done only when the API server knows this node and its API server manifest exists: a kubelet.conf
# alone is what a join that failed late leaves. A join that is needed on a node holding such
# leftovers runs `kubeadm reset -f` first, as join-node does, and says so in the log.
# Env: JOIN_CONFIG (the JoinConfiguration with token and certificate key; written to a root-only
# file, never passed as arguments), JOIN_ENDPOINT, JOIN_CA_HASH, CRI_SOCKET (for the reset).
set -euo pipefail

KUBELET_CONF=/etc/kubernetes/kubelet.conf
APISERVER_MANIFEST=/etc/kubernetes/manifests/kube-apiserver.yaml

# kubeadm's default node name: the hostname, lowercased (k8s.io/component-helpers/node/util
# GetHostname; kubernetes v1.30 source).
node_name() { hostname | tr '[:upper:]' '[:lower:]'; }

registered() {
  kubectl --kubeconfig "$KUBELET_CONF" --request-timeout=10s get node "$(node_name)" >/dev/null 2>&1
}

check() {
  [[ -f $KUBELET_CONF ]] || { kl_need "the node has not joined (no kubelet.conf)"; return 1; }
  [[ -f $APISERVER_MANIFEST ]] || { kl_need "no $APISERVER_MANIFEST: the node did not join as a control plane"; return 1; }
  registered || { kl_need "the API server does not know node $(node_name)"; return 1; }
}

leftovers() {
  [[ -e $KUBELET_CONF || -e /etc/kubernetes/pki/ca.crt || -e $APISERVER_MANIFEST ]]
}

# As join-node: reset only when the API server answered and does not know this node, or refused
# its credentials; never on a guess.
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
  kl_log "joining as a control plane"
  kl_join
  local i
  for i in $(seq 1 60); do
    registered && return 0
    [[ $i == 1 ]] && kl_log "waiting for the node to register"
    sleep 2
  done
}

kl_main
