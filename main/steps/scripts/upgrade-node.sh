#!/bin/bash
# upgrade-node (every node but the first control plane): `kubeadm upgrade node` — a further
# control plane's manifests follow the cluster's version, and every node downloads the kubelet
# configuration of the new minor. Done when this node's kubelet already reports the hop's version
# (the node went through its whole turn) or, on a control plane, its API server manifest runs the
# hop's image; otherwise it runs again, which kubeadm allows.
# Env: K8S_VERSION (1.19.16), NODE_IP (its InternalIP).
set -euo pipefail

MANIFEST=/etc/kubernetes/manifests/kube-apiserver.yaml

kubelet_reports() {
  kubectl --kubeconfig /etc/kubernetes/kubelet.conf get nodes -o wide 2>/dev/null | awk -v ip="$NODE_IP" 'NR > 1 && $6 == ip {print $5}' || true
}

check() {
  if [[ -f $MANIFEST ]]; then
    grep -qE "image: .*/kube-apiserver:v$K8S_VERSION\$" "$MANIFEST" || { kl_need "$MANIFEST does not run kube-apiserver v$K8S_VERSION"; return 1; }
    return 0
  fi
  [[ $(kubelet_reports) == "v$K8S_VERSION" ]] || { kl_need "kubeadm upgrade node has not been run for v$K8S_VERSION"; return 1; }
}

apply() { kubeadm upgrade node; }

# A worker proves the effect only through its kubelet, which the next step restarts: after the
# apply the configuration was written, and that is the verification here.
if [[ ${KL_MODE:-} == apply && ! -f $MANIFEST ]]; then
  apply
  kl_log "upgrade-node done"
  exit 0
fi
kl_main
