#!/bin/bash
# etcd-upload (restore-etcd, the control plane): the node's side of the snapshot's upload. The
# snapshot goes into a root-only directory named after the run (over SFTP, from this computer,
# after its size and SHA-256 were checked against the snapshots list); done once the node's copy
# has the recorded SHA-256, or the restore of this run already happened.
# Env: RESTORE_DIR (/var/tmp/kubelab-restore.<run id>), SNAPSHOT_SHA256.
set -euo pipefail

case $RESTORE_DIR in /var/tmp/kubelab-restore.*) ;; *) kl_die "not a kubelab restore directory: $RESTORE_DIR" ;; esac

check() {
  local got
  [[ ! -e $RESTORE_DIR/restored ]] || return 0
  [[ -s $RESTORE_DIR/snapshot.db ]] || { kl_need "the snapshot is not on the node yet"; return 1; }
  got=$(sha256sum -- "$RESTORE_DIR/snapshot.db" | cut -d' ' -f1)
  [[ $got == "$SNAPSHOT_SHA256" ]] || { kl_need "the node's copy has SHA-256 $got, not $SNAPSHOT_SHA256"; return 1; }
}

apply() {
  local stale
  # Uploads left by earlier restores hold every Secret of the cluster: removed.
  for stale in /var/tmp/kubelab-restore.*; do
    if [[ -e $stale && $stale != "$RESTORE_DIR" ]]; then rm -rf -- "$stale"; fi
  done
  [[ -d $RESTORE_DIR ]] || mkdir -m 700 -- "$RESTORE_DIR"
  kl_log "upload directory $RESTORE_DIR ready"
}

case ${KL_MODE:-apply} in
  check) if check; then exit 0; fi; exit "$KL_NEEDED_EXIT" ;;
  apply) apply ;;
  *) kl_die "unknown KL_MODE $KL_MODE" ;;
esac
