/**
 * The restore of a stacked etcd member from a snapshot, as root on the control plane, following
 * "Restoring an etcd cluster" (https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#restoring-an-etcd-cluster)
 * and etcd's recovery guide (https://etcd.io/docs/v3.4/op-guide/recovery/): `etcdctl snapshot
 * restore` (etcd 3.4; `etcdutl snapshot restore` from 3.5, the only one from 3.6) into a NEW data
 * directory with the member's --name, --initial-cluster and --initial-advertise-peer-urls (read
 * from kubeadm's etcd manifest, cmd/kubeadm/app/phases/etcd/local.go), then the static pods
 * stopped by moving their manifests out of /etc/kubernetes/manifests (the kubelet stops a static
 * pod whose manifest is gone, as kubeadm's certificate-renewal docs use it), the old data
 * directory moved aside (kept), the restored one moved in, the manifests moved back.
 *
 * The restore runs before anything is stopped: a snapshot the tool refuses changes nothing. Every
 * failure after the stop puts the manifests and the old data directory back.
 */

/** Exit statuses the service explains. */
export const RESTORE_EXIT = {
  badUpload: 4,
  refused: 5,
  restoreFailed: 6,
  didNotStop: 7,
  swapFailed: 8,
} as const;

/**
 * Sets KL_TOOL (etcdutl where the node has it: 3.5+, required from 3.6, where etcdctl lost the
 * snapshot commands; else etcdctl, 3.4 as Debian ships it), the \`tool\` function, and
 * KL_BUMP: \`--bump-revision 1000000000 --mark-compacted\` when the tool's restore takes them.
 * etcd's "Disaster recovery" guide, "Restoring a cluster / Revision Difference"
 * (https://etcd.io/docs/v3.5/op-guide/recovery/#restoring-a-cluster): a restore moves the
 * revision back, so watchers (every controller and kubelet) would see time go backwards; the
 * guide restores with \`--bump-revision 1000000000 --mark-compacted\` so the revision moves
 * forward and the revisions in between read as compacted, which makes watchers re-list. The flags
 * came with etcd PR #16029 (etcdutl, 3.6) and its backport #16165 (3.5): older tools (Debian's
 * etcdctl 3.4) lack them, so the tool's own --help decides, not a version table.
 */
export const RESTORE_TOOL = `if command -v etcdutl >/dev/null 2>&1; then KL_TOOL=etcdutl; else KL_TOOL=etcdctl; fi
tool() { if [ "$KL_TOOL" = etcdutl ]; then etcdutl "$@"; else ETCDCTL_API=3 etcdctl "$@"; fi; }
KL_BUMP=""
if tool snapshot restore --help 2>&1 | grep -q -- '--bump-revision'; then
  KL_BUMP="--bump-revision 1000000000 --mark-compacted"
fi
`;

export const RESTORE_SCRIPT = `set -u
snap="$KL_SNAPSHOT"
case "$snap" in /tmp/.kubelab-restore-*.db) ;; *) echo "not a kubelab upload: $snap" >&2; exit 2;; esac
trap 'rm -f -- "$snap"' EXIT
got=$(sha256sum -- "$snap" | cut -d' ' -f1)
if [ "$got" != "$KL_SHA256" ]; then
  echo "the uploaded snapshot's SHA-256 is $got, expected $KL_SHA256: refused, nothing was stopped" >&2; exit ${RESTORE_EXIT.badUpload}
fi
m=/etc/kubernetes/manifests
manifest="$m/etcd.yaml"
[ -r "$manifest" ] || { echo "$manifest is missing: this is not a control plane with stacked etcd" >&2; exit 3; }
flag() { grep -oE -- "--$1=[^[:space:]\\"']+" "$manifest" | head -n1 | cut -d= -f2-; }
name=$(flag name); peer=$(flag initial-advertise-peer-urls); cluster=$(flag initial-cluster); data=$(flag data-dir)
if [ -z "$name" ] || [ -z "$peer" ] || [ -z "$cluster" ] || [ -z "$data" ]; then
  echo "cannot read --name, --initial-cluster, --initial-advertise-peer-urls and --data-dir from $manifest" >&2; exit 3
fi
new="$data.kubelab-restore-$KL_STAMP"; old="$data.kubelab-before-$KL_STAMP"
parked="/etc/kubernetes/manifests.kubelab-restore-$KL_STAMP"
${RESTORE_TOOL}tool snapshot status "$snap" >/dev/null || { echo "$KL_TOOL refuses the snapshot: nothing was stopped" >&2; exit ${RESTORE_EXIT.refused}; }
echo "[kubelab] $KL_TOOL snapshot restore into $new (member $name)\${KL_BUMP:+ with $KL_BUMP}"
# KL_BUMP unquoted: two flags and a number, or nothing.
tool snapshot restore "$snap" --data-dir="$new" --name="$name" --initial-cluster="$cluster" \\
  --initial-advertise-peer-urls="$peer" $KL_BUMP >&2 || { rm -rf -- "$new"; echo "the restore failed: nothing was stopped" >&2; exit ${RESTORE_EXIT.restoreFailed}; }
back() { mv -- "$parked"/*.yaml "$m"/ && rmdir -- "$parked"; }
listening() { ss -ltnH 'sport = :2379' | grep -q .; }
echo "[kubelab] stopping the static pods: $m/*.yaml moved to $parked"
mkdir -p -- "$parked" && mv -- "$m"/*.yaml "$parked"/ || exit 1
# The kubelet looks at the manifests every 20 s (fileCheckFrequency); give it time to stop etcd.
for _ in $(seq 1 120); do listening || break; sleep 1; done
if listening; then
  back; rm -rf -- "$new"
  echo "etcd did not stop within 120 s; the manifests were put back, nothing changed" >&2; exit ${RESTORE_EXIT.didNotStop}
fi
if ! mv -- "$data" "$old"; then back; rm -rf -- "$new"; echo "could not move $data aside; nothing changed" >&2; exit ${RESTORE_EXIT.swapFailed}; fi
if ! mv -- "$new" "$data"; then
  mv -- "$old" "$data"; back
  echo "could not move the restored data into $data; the old data is back in place" >&2; exit ${RESTORE_EXIT.swapFailed}
fi
echo "[kubelab] old data directory kept at $old"
back || { echo "could not move the manifests back from $parked: move them to $m by hand" >&2; exit 1; }
echo "[kubelab] static pods back in $m; waiting for etcd"
printf 'KL_OLD %s\\n' "$old"
`;
