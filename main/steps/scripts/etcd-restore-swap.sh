#!/bin/bash
# etcd-restore-swap (restore-etcd, every control plane, once every one is stopped): the old
# data directory moved aside (kept, never deleted: the way back) and the restored one moved in,
# while etcd does not run. A failure puts this node's old data directory back and says the way
# back; the manifests stay parked until every control plane is swapped.
# Env: RESTORE_DIR, RUN_STAMP, DATA_DIR.
set -euo pipefail

kl_restore_dir_ok
parked=$(kl_restore_parked)

check() {
  [[ -s $RESTORE_DIR/restored ]] || { kl_need "the data directories are not swapped by this run yet"; return 1; }
}

apply() {
  local new old
  new=$(kl_restore_new); old=$(kl_restore_old)
  if [[ ! -e $parked/etcd.yaml ]] || kl_listening 2379; then
    kl_die "etcd is not stopped on $(hostname) (no manifests in $parked); nothing was swapped"
  fi
  [[ -d $new/member ]] || kl_die "the restored data directory $new is missing; nothing was swapped"
  if [[ -e $DATA_DIR ]] && ! mv -- "$DATA_DIR" "$old"; then
    kl_restore_way_back
    kl_die "could not move $DATA_DIR aside; nothing was swapped on $(hostname)"
  fi
  if ! mv -- "$new" "$DATA_DIR"; then
    [[ ! -e $old ]] || mv -- "$old" "$DATA_DIR"
    kl_restore_way_back
    kl_die "could not move the restored data into $DATA_DIR; the old data is back in place on $(hostname)"
  fi
  kl_log "old data directory kept at $old"
  kl_restore_way_back
  printf '%s\n' "$old" >"$RESTORE_DIR/restored"
  printf 'KL_OLD %s\n' "$old"
}

kl_main
