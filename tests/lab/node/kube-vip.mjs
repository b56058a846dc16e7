#!/usr/bin/env node
// The kube-vip static pod's imitation (ghcr.io's image and its Go binary cannot run here). The lab
// kubelet starts it from /etc/kubernetes/manifests/kube-vip.yaml, as it starts etcd, and restarts
// it when the manifest changes. From the outside it behaves as kube-vip v0.8.9 in ARP mode with
// leader election (`args: [manager]`, env vip_arp/vip_leaderelection, common/plan/ha/kubeVip.ts):
// * it talks to the API server with the kubeconfig the manifest mounts (hostPath of volume
//   `kubeconfig`), at `https://kubernetes:<port>`, which hostAliases point at 127.0.0.1;
// * leader election is client-go's over the Lease kube-system/plndr-cp-lock (vip_leaseduration,
//   vip_renewdeadline, vip_retryperiod): a follower takes a lease whose renewTime is older than
//   the duration; a leader that cannot renew within the deadline steps down;
// * the leader adds the VIP to vip_interface (`ip addr add VIP/vip_cidr`) and announces it with a
//   gratuitous ARP (Debian's arping, iputils, when installed), every 3 s while it leads; a leader
//   that steps down or is stopped (SIGTERM, kubeadm reset) removes the address.
// So on ≥ 1.29 with admin.conf before `kubeadm init` has created the kubeadm:cluster-admins
// binding the Lease is forbidden, no VIP comes up and init times out (kube-vip issue #684).
// Log lines as kube-vip v0.8.9 prints them (logrus + client-go klog), from published logs:
// kube-vip/kube-vip issues #996 (v0.8.9 start-up, "error retrieving resource lock … connection
// refused"), #1138 and #684 (the "is forbidden" line), #1099 ("Failed to update lock", "failed to
// renew lease", "This node is becoming a follower within the cluster"), #277 ("new leader
// elected", "Node [x] is assuming leadership of the cluster", "Broadcasting ARP update for").
// Usage: kube-vip.mjs <manifest>
import { existsSync, readFileSync } from 'node:fs';
import { apiRequest, dialError, loadKubeconfig, sleep, trySh, YAML } from './k8s.mjs';

const manifestPath = process.argv[2] ?? '/etc/kubernetes/manifests/kube-vip.yaml';
const pod = YAML.parse(readFileSync(manifestPath, 'utf8'));
const container = pod?.spec?.containers?.[0] ?? {};
const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, String(e.value ?? '')]));
const kubeconfigPath = (pod?.spec?.volumes ?? []).find((v) => v.name === 'kubeconfig')?.hostPath?.path ?? '/etc/kubernetes/admin.conf';
const vip = env.vip_address ?? env.address ?? '';
const iface = env.vip_interface ?? 'eth0';
const cidr = env.vip_cidr ?? '32';
const port = env.port ?? '6443';
const namespace = env.cp_namespace ?? 'kube-system';
const lockName = env.vip_leasename ?? 'plndr-cp-lock';
const leaseSeconds = Number(env.vip_leaseduration ?? 5);
const renewDeadlineMs = Number(env.vip_renewdeadline ?? 3) * 1000;
const retryMs = Number(env.vip_retryperiod ?? 1) * 1000;
const id = env.vip_nodename || readFileSync('/etc/hostname', 'utf8').trim();
const lock = `${namespace}/${lockName}`;
const leasePath = `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${lockName}`;
// What kube-vip prints as the URL: the in-pod name, not the address it resolves to.
const shownUrl = `https://kubernetes:${port}${leasePath}?timeout=10s`;

const logrus = (level, msg) => process.stdout.write(`time="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}" level=${level} msg=${JSON.stringify(msg)}\n`);
function klog(sev, where, msg) {
  const t = new Date();
  const p2 = (n) => String(n).padStart(2, '0');
  const us = String(t.getUTCMilliseconds() * 1000).padStart(6, '0');
  process.stdout.write(`${sev}${p2(t.getUTCMonth() + 1)}${p2(t.getUTCDate())} ${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}.${us}       1 ${where}] ${msg}\n`);
}

/** Lease times are MicroTime: RFC 3339 with microseconds. */
const microTime = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

function conn() {
  if (!existsSync(kubeconfigPath)) return undefined;
  return { ...loadKubeconfig(kubeconfigPath), server: `https://127.0.0.1:${port}` };
}

/** One API call; a transport failure becomes client-go's Get/Put "…": dial tcp … wording. */
async function call(method, path, body) {
  const c = conn();
  if (!c) return { error: `stat ${kubeconfigPath}: no such file or directory` };
  try {
    const r = await apiRequest(c, method, path, body, { timeoutMs: 10_000 });
    return r.status >= 400 ? { status: r.status, error: r.body?.message ?? `status ${r.status}` } : { status: r.status, body: r.body };
  } catch (err) {
    const verb = method === 'GET' ? 'Get' : method === 'PUT' ? 'Put' : 'Post';
    return { error: `${verb} "${shownUrl}": ${dialError(err, `127.0.0.1:${port}`)}` };
  }
}

function addVip() {
  trySh('ip', ['addr', 'add', `${vip}/${cidr}`, 'dev', iface]);
  announce();
}

function removeVip() {
  trySh('ip', ['addr', 'del', `${vip}/${cidr}`, 'dev', iface]);
}

/** Gratuitous ARP (iputils arping -U: unsolicited ARP mode) so the segment updates its caches. */
function announce() {
  const mac = trySh('cat', [`/sys/class/net/${iface}/address`])?.trim() ?? '';
  logrus('info', `Broadcasting ARP update for ${vip} (${mac}) via ${iface}`);
  trySh('arping', ['-U', '-c', '1', '-I', iface, vip], { timeout: 3000 });
}

let leading = false;
let lastRenew = 0;
let lastAnnounce = 0;
let observed = '';
let lastError = '';

function observe(holder) {
  if (!holder || holder === observed) return;
  observed = holder;
  logrus('info', `new leader elected: ${holder}`);
  if (holder !== id) logrus('info', `Node [${holder}] is assuming leadership of the cluster`);
}

function stepDown(reason) {
  if (!leading) return;
  leading = false;
  klog('I', 'leaderelection.go:285', `failed to renew lease ${lock}: ${reason}`);
  removeVip();
  logrus('info', 'This node is becoming a follower within the cluster');
}

function becomeLeader() {
  leading = true;
  lastRenew = Date.now();
  klog('I', 'leaderelection.go:260', `successfully acquired lease ${lock}`);
  observe(id);
  logrus('info', 'This node is starting with leadership of the cluster');
  logrus('info', `Node [${id}] is assuming leadership of the cluster`);
  addVip();
  lastAnnounce = Date.now();
}

const leaseBody = (current, now, transitions) => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { ...(current?.metadata ?? {}), name: lockName, namespace },
  spec: { holderIdentity: id, leaseDurationSeconds: leaseSeconds, acquireTime: current?.spec?.holderIdentity === id ? current.spec.acquireTime : microTime(now), renewTime: microTime(now), leaseTransitions: transitions },
});

/** One round of client-go's tryAcquireOrRenew. */
async function round() {
  const now = Date.now();
  const got = await call('GET', leasePath);
  if (got.status === 404) {
    const made = await call('POST', `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`, leaseBody(undefined, now, 0));
    if (made.error) return fail(`error initially creating leader election record: ${made.error}`);
    return becomeLeader();
  }
  if (got.error) return fail(`error retrieving resource lock ${lock}: ${got.error}`);
  const lease = got.body;
  const holder = lease?.spec?.holderIdentity ?? '';
  const renewed = Date.parse(lease?.spec?.renewTime ?? 0) || 0;
  const expired = !holder || renewed + (lease?.spec?.leaseDurationSeconds ?? leaseSeconds) * 1000 < now;
  if (holder !== id && !expired) {
    if (leading) stepDown('the lock is held by another candidate');
    observe(holder);
    return;
  }
  const transitions = (lease?.spec?.leaseTransitions ?? 0) + (holder === id ? 0 : 1);
  const put = await call('PUT', leasePath, leaseBody(lease, now, transitions));
  if (put.error) return fail(`Failed to update lock: ${put.error}`);
  lastError = '';
  if (!leading) becomeLeader();
  lastRenew = now;
}

/** A failed round: logged once per distinct error (client-go repeats it every retry); a leader past the deadline steps down. */
function fail(message) {
  if (message !== lastError) klog('E', message.startsWith('Failed to update') ? 'leaderelection.go:369' : 'leaderelection.go:436', message);
  lastError = message;
  if (leading && Date.now() - lastRenew > renewDeadlineMs) stepDown('timed out waiting for the condition');
}

async function release() {
  if (leading) {
    removeVip();
    // client-go's ReleaseOnCancel: the holder empties the lease so a follower need not wait it out.
    const got = await call('GET', leasePath);
    if (got.body?.spec?.holderIdentity === id) await call('PUT', leasePath, { ...got.body, spec: { ...got.body.spec, holderIdentity: '', leaseDurationSeconds: 1 } });
  }
  process.exit(0);
}
process.on('SIGTERM', () => void release());
process.on('SIGINT', () => void release());

logrus('info', 'Starting kube-vip.io [v0.8.9]');
logrus('info', 'Build kube-vip.io [19e660d4a692fab29f407214b452f48d9a65425e]');
logrus('info', `namespace [${namespace}], Mode: [ARP], Features(s): Control Plane:[true], Services:[false]`);
logrus('info', `Using node name [${id}]`);
logrus('info', 'prometheus HTTP server started');
logrus('info', 'Starting Kube-vip Manager with the ARP engine');
logrus('info', `Beginning cluster membership, namespace [${namespace}], lock name [${lockName}], id [${id}]`);
klog('I', 'leaderelection.go:257', `attempting to acquire leader lease ${lock}...`);
for (;;) {
  await round().catch((err) => fail(String(err?.message ?? err)));
  if (leading && Date.now() - lastAnnounce >= 3000) {
    // The address may have been removed behind kube-vip's back; the leader keeps it in place.
    addVip();
    lastAnnounce = Date.now();
  }
  await sleep(retryMs);
}
