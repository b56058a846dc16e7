#!/bin/bash
# etcd-restore (restore-etcd, every control plane): the uploaded snapshot restored into a NEW
# data directory beside the member's, before anything is stopped, following "Restoring an etcd
# cluster" (https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#restoring-an-etcd-cluster)
# and etcd's recovery guide (https://etcd.io/docs/v3.5/op-guide/recovery/, "Restoring a
# cluster": every member restored from the same snapshot with its own --name and
# --initial-advertise-peer-urls, one --initial-cluster listing all members and a new
# --initial-cluster-token), with `etcdutl snapshot restore` where the node has etcdutl (3.5+;
# the only one from 3.6, where etcdctl lost its snapshot commands), else `etcdctl snapshot
# restore` (Debian's 3.4). When the tool's restore takes them (its own --help decides: etcd PR
# #16029 in 3.6, backport #16165 in 3.5), `--bump-revision 1000000000 --mark-compacted`, the
# guide's "Revision Difference" advice, so watchers re-list instead of seeing time go backwards.
# A snapshot the tool refuses changes nothing: the static pods are stopped by the next step.
# Env: RESTORE_DIR, SNAPSHOT_SHA256, RUN_STAMP, DATA_DIR, MEMBER_NAME, PEER_URL,
# INITIAL_CLUSTER, CLUSTER_TOKEN.
set -euo pipefail

kl_restore_dir_ok

check() {
  [[ ! -e $RESTORE_DIR/restored ]] || return 0
  [[ -e $RESTORE_DIR/prepared && -d $(kl_restore_new)/member ]] || { kl_need "not restored into $(kl_restore_new) by this run yet"; return 1; }
}

apply() {
  local snap=$RESTORE_DIR/snapshot.db got new bump=()
  new=$(kl_restore_new)
  got=$(sha256sum -- "$snap" | cut -d' ' -f1)
  [[ $got == "$SNAPSHOT_SHA256" ]] || kl_die "the uploaded snapshot's SHA-256 is $got, expected $SNAPSHOT_SHA256: refused, nothing was stopped"
  kl_etcd_file_tool
  if kl_etcd_file snapshot restore --help 2>&1 | grep -- '--bump-revision' >/dev/null; then
    bump=(--bump-revision 1000000000 --mark-compacted)
  fi
  kl_etcd_file snapshot status "$snap" >/dev/null || kl_die "$KL_ETCD_TOOL refuses the snapshot: nothing was stopped"
  rm -rf -- "$new"
  kl_log "$KL_ETCD_TOOL snapshot restore into $new (member $MEMBER_NAME of $INITIAL_CLUSTER) ${bump[*]}"
  kl_etcd_file snapshot restore "$snap" --data-dir="$new" --name="$MEMBER_NAME" --initial-cluster="$INITIAL_CLUSTER" \
    --initial-cluster-token="$CLUSTER_TOKEN" --initial-advertise-peer-urls="$PEER_URL" "${bump[@]}" ||
    { rm -rf -- "$new"; kl_die "the restore failed: nothing was stopped"; }
  : >"$RESTORE_DIR/prepared"
}

kl_main
