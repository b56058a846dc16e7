#!/bin/bash
# upgrade-backup (every control plane, before its kubeadm upgrade): a copy of /etc/kubernetes
# (certificates, kubeconfigs, static pod manifests) in /etc/kubernetes-backup-<hop>-<UTC time>.
# kubeadm's upgrade guide asks for a backup before upgrading ("Make sure you back up any important
# components", https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/) and
# keeps only the manifests and etcd data itself (/etc/kubernetes/tmp/kubeadm-backup-*). Done when a
# copy for this hop exists, or the node already runs the hop (nothing left to protect from it).
# Env: K8S_VERSION.
set -euo pipefail

MANIFEST=/etc/kubernetes/manifests/kube-apiserver.yaml

check() {
  compgen -G "/etc/kubernetes-backup-$K8S_VERSION-*" >/dev/null && return 0
  [[ -f $MANIFEST ]] && grep -qE "image: .*/kube-apiserver:v$K8S_VERSION\$" "$MANIFEST" && return 0
  kl_need "no copy of /etc/kubernetes for v$K8S_VERSION yet"
  return 1
}

apply() {
  local dest
  dest="/etc/kubernetes-backup-$K8S_VERSION-$(date -u +%Y%m%dT%H%M%SZ)"
  # Copied under a temporary name first, so a copy cut short never counts as the backup.
  rm -rf "$dest.partial"
  cp -a /etc/kubernetes "$dest.partial"
  mv "$dest.partial" "$dest"
  kl_log "copied /etc/kubernetes to $dest"
}

kl_main
