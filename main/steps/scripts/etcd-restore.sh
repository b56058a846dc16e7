#!/bin/bash
# etcd-restore (restore-etcd, the control plane): the stacked etcd member restored from the
# uploaded snapshot, following "Restoring an etcd cluster"
# (https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#restoring-an-etcd-cluster)
# and etcd's recovery guide (https://etcd.io/docs/v3.5/op-guide/recovery/):
# 1. the snapshot restored into a NEW data directory with the member's --name, --initial-cluster
#    and --initial-advertise-peer-urls (read from kubeadm's etcd manifest,
#    cmd/kubeadm/app/phases/etcd/local.go), with `etcdutl snapshot restore` where the node has
#    etcdutl (3.5+; the only one from 3.6, where etcdctl lost its snapshot commands), else
#    `etcdctl snapshot restore` (Debian's 3.4). When the tool's restore takes them (the tool's own
#    --help decides: etcd PR #16029 in 3.6, backport #16165 in 3.5), `--bump-revision 1000000000
#    --mark-compacted`, the guide's "Revision Difference" advice, so watchers re-list instead of
#    seeing time go backwards;
# 2. the static pods stopped by moving their manifests out of /etc/kubernetes/manifests (the
#    kubelet stops a static pod whose manifest is gone; kubeadm's certificate docs do the same),
#    waiting until nothing listens on etcd's client port;
# 3. the old data directory moved aside (kept, named in the log), the restored one moved in, the
#    manifests moved back.
# The restore runs before anything is stopped: a snapshot the tool refuses changes nothing. Every
# failure after the stop puts the manifests and the old data directory back.
# Env: RESTORE_DIR, SNAPSHOT_SHA256, RUN_STAMP (the run id: names the kept directories).
set -euo pipefail

case $RESTORE_DIR in /var/tmp/kubelab-restore.*) ;; *) kl_die "not a kubelab restore directory: $RESTORE_DIR" ;; esac
manifests=/etc/kubernetes/manifests
manifest=$manifests/etcd.yaml
parked=/etc/kubernetes/manifests.kubelab-restore-$RUN_STAMP

check() {
  [[ -s $RESTORE_DIR/restored ]] || { kl_need "not restored by this run yet"; return 1; }
}

flag() { grep -oE -- "--$1=[^[:space:]\"']+" "$manifest" | head -n1 | cut -d= -f2- || true; }

listening() { ss -ltnH 'sport = :2379' | grep -q .; }

manifests_back() { mv -- "$parked"/*.yaml "$manifests"/ && rmdir -- "$parked"; }

apply() {
  local snap=$RESTORE_DIR/snapshot.db got name peer cluster data new old bump=()
  got=$(sha256sum -- "$snap" | cut -d' ' -f1)
  [[ $got == "$SNAPSHOT_SHA256" ]] || kl_die "the uploaded snapshot's SHA-256 is $got, expected $SNAPSHOT_SHA256: refused, nothing was stopped"
  [[ -r $manifest ]] || kl_die "$manifest is missing: this is not a control plane with stacked etcd; nothing was stopped"
  name=$(flag name); peer=$(flag initial-advertise-peer-urls); cluster=$(flag initial-cluster); data=$(flag data-dir)
  if [[ -z $name || -z $peer || -z $cluster || -z $data ]]; then
    kl_die "cannot read --name, --initial-cluster, --initial-advertise-peer-urls and --data-dir from $manifest; nothing was stopped"
  fi
  new=$data.kubelab-restore-$RUN_STAMP
  old=$data.kubelab-before-$RUN_STAMP
  kl_etcd_file_tool
  if kl_etcd_file snapshot restore --help 2>&1 | grep -q -- '--bump-revision'; then
    bump=(--bump-revision 1000000000 --mark-compacted)
  fi
  kl_etcd_file snapshot status "$snap" >/dev/null || kl_die "$KL_ETCD_TOOL refuses the snapshot: nothing was stopped"
  rm -rf -- "$new"
  kl_log "$KL_ETCD_TOOL snapshot restore into $new (member $name) ${bump[*]}"
  kl_etcd_file snapshot restore "$snap" --data-dir="$new" --name="$name" --initial-cluster="$cluster" \
    --initial-advertise-peer-urls="$peer" "${bump[@]}" ||
    { rm -rf -- "$new"; kl_die "the restore failed: nothing was stopped"; }
  kl_log "stopping the static pods: $manifests/*.yaml moved to $parked"
  mkdir -p -- "$parked"
  mv -- "$manifests"/*.yaml "$parked"/
  # The kubelet looks at the manifests every 20 s (fileCheckFrequency); give it time to stop etcd.
  for _ in $(seq 1 120); do listening || break; sleep 1; done
  if listening; then
    manifests_back; rm -rf -- "$new"
    kl_die "etcd did not stop within 120 s; the manifests were put back, nothing changed"
  fi
  if ! mv -- "$data" "$old"; then
    manifests_back; rm -rf -- "$new"
    kl_die "could not move $data aside; the manifests were put back, nothing changed"
  fi
  if ! mv -- "$new" "$data"; then
    mv -- "$old" "$data"; manifests_back
    kl_die "could not move the restored data into $data; the old data is back in place"
  fi
  kl_log "old data directory kept at $old (to go back: move the manifests out, swap $old back to $data, move them back)"
  printf '%s\n' "$old" >"$RESTORE_DIR/restored"
  rm -f -- "$snap"
  manifests_back || kl_die "could not move the manifests back from $parked: move them to $manifests by hand"
  kl_log "static pods back in $manifests"
  printf 'KL_OLD %s\n' "$old"
}

kl_main
