#!/bin/bash
# etcd-restore-start (restore-etcd, every control plane, once every one has its restored data):
# the parked manifests moved back, so the kubelet starts etcd (on the restored member) and the
# API server again; the uploaded snapshot (it holds every Secret) removed. Kubernetes' restore
# page: restart the API servers once etcd is restored.
# Env: RESTORE_DIR, RUN_STAMP.
set -euo pipefail

kl_restore_dir_ok
parked=$(kl_restore_parked)

check() {
  [[ -s $RESTORE_DIR/restored ]] || { kl_need "the data directories are not swapped yet"; return 1; }
  [[ ! -e $parked && -e $KL_MANIFESTS/etcd.yaml ]] || { kl_need "the manifests are still parked in $parked"; return 1; }
}

apply() {
  if [[ -d $parked ]]; then
    mv -- "$parked"/*.yaml "$KL_MANIFESTS"/ || kl_die "could not move the manifests back from $parked: move them to $KL_MANIFESTS by hand"
    rmdir -- "$parked"
  fi
  rm -f -- "$RESTORE_DIR/snapshot.db"
  kl_log "static pods back in $KL_MANIFESTS on $(hostname)"
}

kl_main
