#!/bin/bash
# etcd-snapshot (backup-etcd, first control plane): a snapshot of the stacked etcd member, saved
# and checked on the node, as "Operating etcd clusters for Kubernetes" takes it
# (https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#built-in-snapshot):
# `ETCDCTL_API=3 etcdctl --endpoints=… --cacert=… --cert=… --key=… snapshot save <file>` with
# kubeadm's etcd client certificates (lib.sh kl_etcdctl_tls), then `snapshot status -w json`
# with etcdutl where the node has it (etcd ≥ 3.5; etcdctl's snapshot commands were deprecated in
# 3.5 and removed in 3.6: https://etcd.io/docs/v3.5/op-guide/recovery/), else etcdctl (3.4).
# The snapshot lives in a root-only directory named after the run, so a resumed run finds it;
# copies left by earlier runs are removed first (each holds every Secret of the cluster).
# status.json is written last: its presence means the snapshot is complete and readable.
# Env: SNAP_DIR (/var/tmp/kubelab-etcd.<run id>).
set -euo pipefail

case $SNAP_DIR in /var/tmp/kubelab-etcd.*) ;; *) kl_die "not a kubelab snapshot directory: $SNAP_DIR" ;; esac

check() {
  [[ -s $SNAP_DIR/status.json ]] || { kl_need "no snapshot in $SNAP_DIR yet"; return 1; }
}

apply() {
  local snap=$SNAP_DIR/snapshot.db stale
  kl_have etcdctl || kl_die "etcdctl: command not found (install the etcd client: Debian/Ubuntu etcd-client)"
  for stale in /var/tmp/kubelab-etcd.*; do
    if [[ -e $stale ]]; then rm -rf -- "$stale"; fi
  done
  mkdir -m 700 -- "$SNAP_DIR"
  kl_etcdctl_tls endpoint status -w json >"$SNAP_DIR/endpoint.json"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$SNAP_DIR/taken"
  kl_log "etcdctl snapshot save $snap"
  kl_etcdctl_tls snapshot save "$snap"
  kl_etcd_file_tool
  kl_etcd_file -w json snapshot status "$snap" >"$SNAP_DIR/status.part"
  sha256sum -- "$snap" | cut -d' ' -f1 >"$SNAP_DIR/sha256"
  stat -c %s -- "$snap" >"$SNAP_DIR/size"
  mv -- "$SNAP_DIR/status.part" "$SNAP_DIR/status.json"
  kl_log "snapshot status: $(cat "$SNAP_DIR/status.json")"
}

kl_main
