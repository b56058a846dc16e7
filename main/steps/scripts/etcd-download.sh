#!/bin/bash
# etcd-download (backup-etcd, first control plane): the node's side of the download of the
# snapshot etcd-snapshot saved. `check` prints what the download is checked against (the status
# JSON, the node's SHA-256 and size: KL_<NAME> lines) and is done once this computer has recorded
# it (the `downloaded` mark); `apply` hands the directory to the login user so SFTP reads it
# without sudo; `finish` (after the download was checked and recorded on this computer) removes
# the node's copy and sets the mark.
# Env: SNAP_DIR, ADMIN_USER (the SSH login user).
set -euo pipefail

case $SNAP_DIR in /var/tmp/kubelab-etcd.*) ;; *) kl_die "not a kubelab snapshot directory: $SNAP_DIR" ;; esac

facts() {
  printf 'KL_STATUS %s\n' "$(tr -d '\n' <"$SNAP_DIR/status.json")"
  printf 'KL_ENDPOINT %s\n' "$(tr -d '\n' <"$SNAP_DIR/endpoint.json")"
  printf 'KL_SHA256 %s\n' "$(cat "$SNAP_DIR/sha256")"
  printf 'KL_SIZE %s\n' "$(cat "$SNAP_DIR/size")"
  printf 'KL_TAKEN %s\n' "$(cat "$SNAP_DIR/taken")"
}

case ${KL_MODE:-apply} in
  check)
    if [[ -e $SNAP_DIR/downloaded ]]; then exit 0; fi
    [[ -s $SNAP_DIR/snapshot.db ]] || kl_die "the snapshot is gone from $SNAP_DIR: take it again (run the backup again)"
    facts
    exit "$KL_NEEDED_EXIT"
    ;;
  apply)
    if [[ $ADMIN_USER != root ]]; then chown -- "$ADMIN_USER" "$SNAP_DIR" "$SNAP_DIR/snapshot.db"; fi
    kl_log "snapshot ready for download: $(cat "$SNAP_DIR/size") bytes"
    ;;
  finish)
    rm -f -- "$SNAP_DIR/snapshot.db"
    : >"$SNAP_DIR/downloaded"
    kl_log "the node's copy of the snapshot was removed"
    ;;
  *) kl_die "unknown KL_MODE $KL_MODE" ;;
esac
