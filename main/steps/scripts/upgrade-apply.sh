#!/bin/bash
# upgrade-apply (first control plane): `kubeadm upgrade apply v<hop> -y`. Done when the API server
# answers /version with the hop's version and the kube-apiserver manifest runs its image: what
# the cluster reports, so a run killed during the apply resumes by applying again (kubeadm's apply
# is re-runnable: it backs up and rewrites the manifests each time).
# Env: K8S_VERSION (1.19.16).
set -euo pipefail

export KUBECONFIG=/etc/kubernetes/admin.conf
MANIFEST=/etc/kubernetes/manifests/kube-apiserver.yaml

server_version() {
  kubectl version -o json 2>/dev/null | awk -F'"' '/"serverVersion"/ {s = 1} s && /"gitVersion"/ {print $4; exit}'
}

check() {
  local have
  have=$(server_version || true)
  [[ $have == "v$K8S_VERSION" ]] || { kl_need "the API server is ${have:-not answering}, want v$K8S_VERSION"; return 1; }
  grep -qE "image: .*/kube-apiserver:v$K8S_VERSION\$" "$MANIFEST" || { kl_need "$MANIFEST does not run kube-apiserver v$K8S_VERSION"; return 1; }
}

apply() {
  kl_log "kubeadm upgrade apply v$K8S_VERSION (manifests backed up under /etc/kubernetes/tmp/kubeadm-backup-manifests-*)"
  kubeadm upgrade apply "v$K8S_VERSION" -y
}

kl_main
