#!/bin/bash
# upgrade-kubeadm: kubeadm at exactly the hop's version, the other packages untouched, held again
# ("Upgrade kubeadm" in https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/:
# apt-mark unhold kubeadm && apt-get install -y kubeadm=<v> && apt-mark hold kubeadm; yum install
# -y kubeadm-<v> --disableexcludes=kubernetes). Done when `kubeadm version -o short` says the hop's
# version: the binary that runs, not only the package database.
# Env: K8S_VERSION (1.19.16).
set -euo pipefail

check() {
  local have
  have=$(kubeadm version -o short 2>/dev/null || true)
  [[ $have == "v$K8S_VERSION" ]] || { kl_need "kubeadm is ${have:-not installed}, want v$K8S_VERSION"; return 1; }
}

apply() {
  local v
  v=$(kl_resolve kubeadm "$K8S_VERSION" "the Kubernetes repository")
  kl_log "installing kubeadm $v"
  if [[ $(kl_family) == rpm ]]; then
    "$(kl_dnf)" install -y --disableexcludes=kubernetes "kubeadm-$v"
  else
    apt-mark unhold kubeadm >/dev/null
    kl_apt install --allow-change-held-packages "kubeadm=$v"
    apt-mark hold kubeadm >/dev/null
  fi
}

kl_main
