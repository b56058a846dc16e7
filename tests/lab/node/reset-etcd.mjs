// `kubeadm reset`'s remove-etcd-member phase on a stacked-etcd control plane (runs between the
// preflight and cleanup-node phases, before the kubelet and etcd are stopped), as kubeadm does it:
//   cmd/kubeadm/app/cmd/phases/reset/removeetcdmember.go runRemoveETCDMemberPhase (kubernetes/
//   kubernetes, read at commit 0738386a) and cmd/kubeadm/app/phases/etcd/local.go
//   RemoveStackedEtcdMemberFromCluster in its recent form: ListMembers, nothing to do when this
//   is the only member, GetMemberID by the peer URL https://<advertise address>:2380 — a member
//   already gone is not an error there (ErrNoMemberIDForPeerURL) — then RemoveMember. Older
//   releases lack the two early returns; the lab follows the recent one for every version.
// kubeadm's etcd client reaches every member at the endpoints the etcd static pods announce
// through the API (etcdutil.NewFromCluster: the kubeadm.kubernetes.io/etcd.advertise-client-urls
// annotation) with the apiserver-etcd-client certificate; here Debian's real etcdctl does the
// member list/remove. Printed lines (fmt.Printf in removeetcdmember.go):
//   "[reset] Deleted contents of the etcd data directory: /var/lib/etcd"
// and on a failure klog's warning "[reset] Failed to remove etcd member: <err>, please manually
// remove this etcd member using etcdctl" (then the data directory is kept, as kubeadm keeps it
// until the IsDirEmpty clean-up further down, which deletes it anyway).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { apiRequest, loadKubeconfig, YAML } from './k8s.mjs';

const PKI = '/etc/kubernetes/pki';
const MANIFEST = '/etc/kubernetes/manifests/etcd.yaml';
const DATA_DIR = '/var/lib/etcd';

/** klog's warning header: Lmmdd hh:mm:ss.uuuuuu threadid file:line] */
function klogWarning(line, msg) {
  const d = new Date();
  const p = (n, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`;
  process.stderr.write(`W${stamp} ${String(process.pid).padStart(7)} removeetcdmember.go:${line}] ${msg}\n`);
}

function etcdctl(endpoints, ...args) {
  return execFileSync('/usr/bin/etcdctl', [`--endpoints=${endpoints.join(',')}`, `--cacert=${PKI}/etcd/ca.crt`, `--cert=${PKI}/apiserver-etcd-client.crt`, `--key=${PKI}/apiserver-etcd-client.key`, '--dial-timeout=5s', '--command-timeout=10s', ...args], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** This member's advertise address, from its static pod's --initial-advertise-peer-urls. */
function localPeerUrl() {
  const pod = YAML.parse(readFileSync(MANIFEST, 'utf8'));
  const cmd = pod?.spec?.containers?.[0]?.command ?? [];
  const flag = cmd.find((a) => a.startsWith('--initial-advertise-peer-urls='));
  return flag?.split('=')[1];
}

/** The members' client URLs as their etcd pods announce them (etcdutil.NewFromCluster). */
async function clusterEndpoints() {
  const admin = loadKubeconfig('/etc/kubernetes/admin.conf');
  const pods = await apiRequest(admin, 'GET', '/api/v1/namespaces/kube-system/pods?labelSelector=component%3Detcd');
  if (pods.status !== 200) throw new Error(`could not list the etcd pods: ${pods.status}`);
  const urls = (pods.body?.items ?? []).map((p) => p.metadata?.annotations?.['kubeadm.kubernetes.io/etcd.advertise-client-urls']).filter(Boolean);
  if (urls.length === 0) throw new Error('etcd cluster is not healthy: no etcd member found');
  return urls;
}

async function removeStackedMember(peer) {
  const endpoints = await clusterEndpoints();
  // The simple form (`<hex id>, <status>, <name>, <peer urls>, <client urls>, <is learner>`):
  // its hex IDs are what `member remove` takes (the JSON form's decimal uint64 does not fit a
  // JavaScript number).
  const members = etcdctl(endpoints, 'member', 'list').trim().split('\n').filter(Boolean).map((l) => l.split(', '));
  const self = members.find((m) => (m[3] ?? '').split(',').includes(peer));
  // None (already removed), or the only remaining member: nothing to remove it from.
  if (!self || members.length === 1) return;
  // Asked through the other members where there are any (this one is about to leave).
  const host = new URL(peer).hostname;
  const others = endpoints.filter((e) => new URL(e).hostname !== host);
  etcdctl(others.length ? others : endpoints, 'member', 'remove', self[0]);
}

export async function removeEtcdMemberPhase() {
  // No stacked member here (a worker): kubeadm falls back to the default data directory and
  // only cleans it when not empty; the lab's cleanup-node deletes it as before.
  if (!existsSync(MANIFEST)) return;
  const peer = localPeerUrl();
  let removed = true;
  try {
    if (!peer) throw new Error('invalid etcd pod manifest');
    await removeStackedMember(peer);
  } catch (e) {
    removed = false;
    const why = (e?.stderr ? String(e.stderr) : String(e?.message ?? e)).trim().split('\n').pop();
    klogWarning(79, `[reset] Failed to remove etcd member: ${why}, please manually remove this etcd member using etcdctl`);
  }
  if (removed || (existsSync(DATA_DIR) && readdirSync(DATA_DIR).length > 0)) {
    rmSync(DATA_DIR, { recursive: true, force: true });
    process.stdout.write(`[reset] Deleted contents of the etcd data directory: ${DATA_DIR}\n`);
  }
}
