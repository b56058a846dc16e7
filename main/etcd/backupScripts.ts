/**
 * The commands a backup runs on the first control plane, as root. Data only through env.
 *
 * kubeadm's stacked etcd serves clients on https://127.0.0.1:2379 with client-cert auth
 * (kubeadm cmd/kubeadm/app/phases/etcd/local.go: --listen-client-urls=https://127.0.0.1:2379,…,
 * --client-cert-auth=true). "Operating etcd clusters for Kubernetes"
 * (https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#built-in-snapshot)
 * takes the snapshot with
 *   ETCDCTL_API=3 etcdctl --endpoints=… --cacert=<ca> --cert=<cert> --key=<key> snapshot save <file>
 * and the certificates are kubeadm's: /etc/kubernetes/pki/etcd/ca.crt and a client pair signed by
 * it — etcd/healthcheck-client (CN kube-etcd-healthcheck-client) or apiserver-etcd-client (the
 * API server's), both from kubeadm's certs phase (cmd/kubeadm/app/phases/certs/certlist.go).
 * `ETCDCTL_API=3` is the default from etcd 3.4 on and harmless before.
 */

const CLIENT = `pki=/etc/kubernetes/pki
if [ -r "$pki/etcd/healthcheck-client.crt" ]; then
  cert="$pki/etcd/healthcheck-client.crt"; key="$pki/etcd/healthcheck-client.key"
else
  cert="$pki/apiserver-etcd-client.crt"; key="$pki/apiserver-etcd-client.key"
fi
for f in "$pki/etcd/ca.crt" "$cert" "$key"; do
  [ -r "$f" ] || { echo "$f is missing: is this a kubeadm control plane with stacked etcd?" >&2; exit 3; }
done
etcdctl_tls() {
  ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert="$pki/etcd/ca.crt" \\
    --cert="$cert" --key="$key" "$@"
}
`;

/** Exit status when etcdctl is not on the node (bash's "command not found"). */
export const NO_ETCDCTL = 127;

/**
 * Saves a snapshot into a fresh root-only directory and prints `KL_DIR`, `KL_ETCDUTL` and the
 * member's `endpoint status -w json` line. etcdctl's own log goes to stderr.
 */
export const SAVE_SCRIPT = `set -u
command -v etcdctl >/dev/null 2>&1 || { echo "etcdctl: command not found (install the etcd client: Debian/Ubuntu etcd-client)" >&2; exit ${NO_ETCDCTL}; }
${CLIENT}
status=$(etcdctl_tls endpoint status -w json) || exit $?
dir=$(mktemp -d /var/tmp/kubelab-etcd.XXXXXXXX) || exit 1
etcdctl_tls snapshot save "$dir/snapshot.db" >&2 || { rc=$?; rm -rf -- "$dir"; exit $rc; }
printf 'KL_DIR %s\\n' "$dir"
if command -v etcdutl >/dev/null 2>&1; then echo "KL_ETCDUTL yes"; else echo "KL_ETCDUTL no"; fi
printf 'KL_ENDPOINT %s\\n' "$status"
`;

/**
 * Reads the snapshot's status with $KL_TOOL (etcdutl or etcdctl, -w json), its size and SHA-256,
 * and hands the directory to the login user ($KL_OWNER, empty for root) for the SFTP download.
 */
export const STATUS_SCRIPT = `set -u
case "$KL_DIR" in /var/tmp/kubelab-etcd.*) ;; *) echo "not a kubelab snapshot dir: $KL_DIR" >&2; exit 2;; esac
snap="$KL_DIR/snapshot.db"
if [ "$KL_TOOL" = etcdutl ]; then
  etcdutl -w json snapshot status "$snap" || exit $?
else
  ETCDCTL_API=3 etcdctl -w json snapshot status "$snap" || exit $?
fi
echo
printf 'KL_SIZE %s\\n' "$(stat -c %s -- "$snap")"
printf 'KL_SHA256 %s\\n' "$(sha256sum -- "$snap" | cut -d' ' -f1)"
if [ -n "$KL_OWNER" ]; then chown -- "$KL_OWNER" "$KL_DIR" "$snap" || exit $?; fi
`;

/** Removes the node's temporary copy (only a directory SAVE_SCRIPT made). */
export const CLEANUP_SCRIPT = `case "$KL_DIR" in /var/tmp/kubelab-etcd.*) rm -rf -- "$KL_DIR";; *) exit 2;; esac`;

/** `KL_<NAME> value` lines of a script's output. */
export function markers(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^KL_([A-Z0-9]+) (.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) out.set(m[1], m[2].trim());
  }
  return out;
}
