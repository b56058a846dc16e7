#!/bin/bash
# etcd-restore-member (restore-etcd, every control plane): this stacked member's --name,
# --initial-advertise-peer-urls and --data-dir, read from kubeadm's etcd manifest
# (cmd/kubeadm/app/phases/etcd/local.go writes them as `--flag=value` command items), or from
# where this run parked it. Changes nothing: the restore builds ONE --initial-cluster from every
# control plane's name and peer URL (etcd op-guide recovery.md, "Restoring a cluster":
# each member restored with its own --name and --initial-advertise-peer-urls and the same
# --initial-cluster and --initial-cluster-token). Prints KL_MEMBER_NAME/PEER/DATA lines.
# Env: RUN_STAMP.
set -euo pipefail

manifest() {
  local parked
  parked=$(kl_restore_parked)
  if [[ -r $KL_MANIFESTS/etcd.yaml ]]; then echo "$KL_MANIFESTS/etcd.yaml"
  elif [[ -r $parked/etcd.yaml ]]; then echo "$parked/etcd.yaml"
  else kl_die "no etcd manifest in $KL_MANIFESTS or $parked: $(hostname) is not a control plane with stacked etcd; nothing was stopped"
  fi
}

flag() { grep -oE -- "--$2=[^[:space:]\"']+" "$1" | head -n1 | cut -d= -f2- || true; }

check() {
  local m name peer data
  m=$(manifest)
  name=$(flag "$m" name); peer=$(flag "$m" initial-advertise-peer-urls); data=$(flag "$m" data-dir)
  if [[ -z $name || -z $peer || -z $data ]]; then
    kl_die "cannot read --name, --initial-advertise-peer-urls and --data-dir from $m; nothing was stopped"
  fi
  printf 'KL_MEMBER_NAME %s\nKL_MEMBER_PEER %s\nKL_MEMBER_DATA %s\n' "$name" "$peer" "$data"
}

apply() { check; }

kl_main
