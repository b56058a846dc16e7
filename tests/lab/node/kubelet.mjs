#!/usr/bin/env node
// The lab kubelet (started by `systemctl start kubelet`). Like the real one it restarts until
// /var/lib/kubelet/config.yaml exists, refuses a cgroup driver that differs from the runtime's,
// runs the static pods in /etc/kubernetes/manifests (the lab API server), registers the node,
// reports Ready only once a CNI config exists, and starts pods: each pod is a real network
// namespace with a veth on the node's cni0 bridge and an address from the node's podCIDR.
// The flannel DaemonSet's work (vxlan flannel.1 on UDP 8472, routes, FDB) is done here too.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { apiRequest, journal, labEnv, loadKubeconfig, registryBlocked, blockedPullError, imagePresent, scaled, sh, sleep, systemctlActive, trySh, YAML, pkgVersion, kubeVersion } from './k8s.mjs';
import { expiredClientCert, rotateIfMissing } from './kubelet-client-cert.mjs';
import { busyboxNslookup, isBusybox128, nslookupArgs } from './nslookup.mjs';

const RUN = '/run/lab-systemd';
const env = labEnv();
const state = (s) => writeFileSync(`${RUN}/kubelet.state`, s + '\n');
const hostname = readFileSync('/etc/hostname', 'utf8').trim();
const nodeIp = env.LAB_IP;
// The version this kubelet process runs: read once at start, as a binary knows its own version.
// A package upgrade replaces the file on disk, but the Node keeps reporting the old
// status.nodeInfo.kubeletVersion until `systemctl restart kubelet` (kubeadm's upgrade docs:
// "Restart the kubelet", https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/).
const KUBELET_VERSION = kubeVersion(pkgVersion('kubelet'));
let lastErr = '';
const logOnce = (m) => {
  if (m !== lastErr) journal('kubelet', m);
  lastErr = m;
};

/**
 * Whether containerd runs runc with the systemd cgroup driver. In a version 3 config (containerd
 * 2.x) the runc options live under io.containerd.cri.v1.runtime; a SystemdCgroup left under the
 * version 2 id io.containerd.grpc.v1.cri is ignored there (with containerd's warning), so it does
 * not count (containerd docs/cri/config.md at v2.0.0, "Cgroup Driver").
 */
function containerdSystemdCgroup(toml) {
  const v3 = /^version\s*=\s*3\s*$/m.test(toml);
  let table = '';
  for (const raw of toml.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line.startsWith('[')) table = line;
    else if (/^SystemdCgroup\s*=\s*true$/.test(line) && (!v3 || table.includes('io.containerd.cri.v1.runtime'))) return true;
  }
  return false;
}

/**
 * The CRI endpoint the kubelet is given: kubeadm's `--container-runtime-endpoint` in
 * kubeadm-flags.env (written from 1.24), else config.yaml's containerRuntimeEndpoint, else ''
 * (before 1.24 the lab's kubelet finds the runtime that runs, dockershim first).
 */
function criEndpoint() {
  const flags = existsSync('/var/lib/kubelet/kubeadm-flags.env') ? readFileSync('/var/lib/kubelet/kubeadm-flags.env', 'utf8') : '';
  const flag = /--container-runtime-endpoint=(\S+?)["\s]/.exec(flags)?.[1];
  if (flag) return flag;
  try {
    return YAML.parse(readFileSync('/var/lib/kubelet/config.yaml', 'utf8'))?.containerRuntimeEndpoint ?? '';
  } catch {
    return '';
  }
}

function dockerCgroupDriver() {
  try {
    const j = JSON.parse(readFileSync('/etc/docker/daemon.json', 'utf8'));
    if ((j['exec-opts'] ?? []).some((o) => /native\.cgroupdriver=systemd/.test(o))) return 'systemd';
  } catch {
    /* no daemon.json: dockerd's default */
  }
  return 'cgroupfs';
}

function runtimeCgroupDriver() {
  // Through cri-dockerd the runtime is dockerd, reached only while cri-dockerd's socket exists.
  if (criEndpoint().endsWith('/cri-dockerd.sock')) {
    if (!existsSync('/run/cri-dockerd.sock') || !systemctlActive('docker')) return { runtime: undefined, driver: undefined };
    return { runtime: 'docker', driver: dockerCgroupDriver() };
  }
  if (systemctlActive('docker')) {
    let d = 'cgroupfs';
    try {
      const j = JSON.parse(readFileSync('/etc/docker/daemon.json', 'utf8'));
      if ((j['exec-opts'] ?? []).some((o) => /native\.cgroupdriver=systemd/.test(o))) d = 'systemd';
    } catch {
      /* no daemon.json: dockerd's default */
    }
    return { runtime: 'docker', driver: d };
  }
  if (systemctlActive('containerd')) {
    const t = existsSync('/etc/containerd/config.toml') ? readFileSync('/etc/containerd/config.toml', 'utf8') : '';
    return { runtime: 'containerd', driver: containerdSystemdCgroup(t) ? 'systemd' : 'cgroupfs' };
  }
  return { runtime: undefined, driver: undefined };
}

/**
 * The etcd static pod: Debian's real etcd (etcd-server, /usr/bin/etcd) run with the manifest's
 * command, as kubeadm's stacked member. Without that binary the API server keeps its state in a
 * file. `npm run lab -- fault <node> etcd-down` leaves /run/lab-systemd/etcd.down, which keeps it
 * stopped (as a crash-looping container would be) until `etcd-up` removes it.
 */
const ETCD_BIN = '/usr/bin/etcd';
let etcdPid;
function etcdPod() {
  const m = '/etc/kubernetes/manifests/etcd.yaml';
  // After a kubelet restart the running member is found by its pid file.
  etcdPid ??= existsSync(`${RUN}/etcd.pid`) ? Number(readFileSync(`${RUN}/etcd.pid`, 'utf8')) || undefined : undefined;
  const alive = etcdPid && trySh('kill', ['-0', String(etcdPid)]) !== undefined;
  const want = existsSync(m) && existsSync(ETCD_BIN) && !existsSync(`${RUN}/etcd.down`);
  if (want && !alive) {
    const cmd = YAML.parse(readFileSync(m, 'utf8'))?.spec?.containers?.[0]?.command ?? [];
    if (cmd[0] !== 'etcd') return;
    mkdirSync('/var/log/lab-pods', { recursive: true });
    const log = openSync('/var/log/lab-pods/etcd.log', 'a');
    const c = spawn(ETCD_BIN, cmd.slice(1), { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    etcdPid = c.pid;
    writeFileSync(`${RUN}/etcd.pid`, `${c.pid}\n`);
    c.unref();
  } else if (!want && alive) {
    process.kill(etcdPid);
    etcdPid = undefined;
  }
}

/**
 * The kube-vip static pod: node/kube-vip.mjs (the imitation; the image's Go binary cannot run
 * here), restarted when its manifest changes as the kubelet recreates a static pod whose manifest
 * changed, stopped (SIGTERM: it gives the VIP up) when the manifest goes. Like a container it
 * outlives `systemctl stop kubelet`: the running one is found again by its pid file.
 */
const KUBE_VIP_MANIFEST = '/etc/kubernetes/manifests/kube-vip.yaml';
let kubeVipPid;
let kubeVipManifest;
function kubeVipPod() {
  if (kubeVipPid === undefined && existsSync(`${RUN}/kube-vip.pid`)) {
    const pid = Number(readFileSync(`${RUN}/kube-vip.pid`, 'utf8')) || undefined;
    const cmdline = pid && existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
    if (cmdline.includes('kube-vip.mjs')) kubeVipPid = pid;
  }
  let alive = kubeVipPid !== undefined && trySh('kill', ['-0', String(kubeVipPid)]) !== undefined;
  const current = existsSync(KUBE_VIP_MANIFEST) ? readFileSync(KUBE_VIP_MANIFEST, 'utf8') : undefined;
  kubeVipManifest ??= existsSync(`${RUN}/kube-vip.manifest`) ? readFileSync(`${RUN}/kube-vip.manifest`, 'utf8') : current;
  if (alive && current !== kubeVipManifest) {
    process.kill(kubeVipPid);
    alive = false;
    kubeVipPid = undefined;
  }
  if (current !== undefined && !alive) {
    mkdirSync('/var/log/lab-pods', { recursive: true });
    const log = openSync('/var/log/lab-pods/kube-vip.log', 'a');
    const c = spawn(process.execPath, ['/usr/local/lib/kubelab-lab/node/kube-vip.mjs', KUBE_VIP_MANIFEST], { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    kubeVipPid = c.pid;
    kubeVipManifest = current;
    writeFileSync(`${RUN}/kube-vip.manifest`, current);
    writeFileSync(`${RUN}/kube-vip.pid`, `${c.pid}\n`);
    c.unref();
  }
}

let apiserverPid;
// The manifest the running API server was started from: the kubelet watches the static pod
// directory and recreates a pod whose manifest changed (what `kubeadm upgrade apply` relies on:
// "[upgrade/staticpods] Waiting for the kubelet to restart the component").
let apiserverManifest;
function staticPods() {
  etcdPod();
  kubeVipPod();
  const m = '/etc/kubernetes/manifests/kube-apiserver.yaml';
  // After a kubelet restart the running API server is found by its pid file (checked to be one:
  // a stale file's pid may belong to another process by now).
  if (apiserverPid === undefined && existsSync(`${RUN}/kube-apiserver.pid`)) {
    const pid = Number(readFileSync(`${RUN}/kube-apiserver.pid`, 'utf8')) || undefined;
    const cmdline = pid && existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
    if (cmdline.includes('apiserver.mjs')) apiserverPid = pid;
  }
  let alive = apiserverPid && trySh('kill', ['-0', String(apiserverPid)]) !== undefined;
  const current = existsSync(m) ? readFileSync(m, 'utf8') : undefined;
  apiserverManifest ??= existsSync(`${RUN}/kube-apiserver.manifest`) ? readFileSync(`${RUN}/kube-apiserver.manifest`, 'utf8') : current;
  if (alive && current !== undefined && current !== apiserverManifest) {
    process.kill(apiserverPid);
    alive = false;
  }
  if (existsSync(m) && !alive) {
    // Its output kept like the etcd member's (a real kubelet keeps container logs under
    // /var/log/pods): an API server that crashes at start says why there.
    mkdirSync('/var/log/lab-pods', { recursive: true });
    const log = openSync('/var/log/lab-pods/kube-apiserver.log', 'a');
    const c = spawn(process.execPath, ['/usr/local/lib/kubelab-lab/node/apiserver.mjs'], { detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    apiserverPid = c.pid;
    apiserverManifest = current;
    writeFileSync(`${RUN}/kube-apiserver.manifest`, current ?? '');
    writeFileSync(`${RUN}/kube-apiserver.pid`, `${c.pid}\n`);
    c.unref();
  } else if (!existsSync(m) && alive) {
    process.kill(apiserverPid);
    apiserverPid = undefined;
  }
}

const cniReady = () => existsSync('/etc/cni/net.d') && readdirSync('/etc/cni/net.d').some((f) => /\.(conf|conflist)$/.test(f));

function nodeObject(conn) {
  const v = KUBELET_VERSION;
  const osr = Object.fromEntries(readFileSync('/etc/os-release', 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]));
  const rt = runtimeCgroupDriver().runtime === 'docker' ? `docker://${(pkgVersion('docker-ce') ?? pkgVersion('docker.io') ?? '19.03.11').replace(/^5:/, '').replace(/~.*/, '')}` : `containerd://${(pkgVersion('containerd.io') ?? pkgVersion('containerd') ?? '1.6.28').replace(/-.*/, '')}`;
  void conn;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: hostname, labels: { 'kubernetes.io/hostname': hostname, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64' }, annotations: {} },
    spec: {},
    status: {
      addresses: [{ type: 'InternalIP', address: nodeIp }, { type: 'Hostname', address: hostname }],
      nodeInfo: { kubeletVersion: v.full, kubeProxyVersion: v.full, osImage: osr.PRETTY_NAME, kernelVersion: sh('/usr/local/bin/uname', ['-r']).trim(), containerRuntimeVersion: rt, operatingSystem: 'linux', architecture: 'amd64', machineID: readFileSync('/etc/machine-id', 'utf8').trim(), systemUUID: readFileSync('/sys/class/dmi/id/product_uuid', 'utf8').trim() },
      capacity: { cpu: String(os.cpus().length), memory: `${Math.floor(os.totalmem() / 1024)}Ki`, pods: '110' },
    },
  };
}

// ------------------------------------------------------------------ flannel (vxlan) and pods

const ip = (...a) => trySh('ip', a);

async function flannel(conn, me, nodes) {
  const ds = (await apiRequest(conn, 'GET', '/apis/apps/v1/daemonsets')).body.items ?? [];
  const fds = ds.find((d) => /flannel/.test(d.metadata.name));
  if (!fds) return { ok: false };
  const cms = (await apiRequest(conn, 'GET', '/api/v1/configmaps')).body.items ?? [];
  const cfg = cms.find((c) => c.metadata.name === 'kube-flannel-cfg' && c.metadata.namespace === fds.metadata.namespace);
  const netconf = JSON.parse(cfg?.data?.['net-conf.json'] ?? '{}');
  const podCIDR = me.spec?.podCIDR;
  if (!podCIDR) return { ok: false, ds: fds, err: `Error registering network: failed to acquire lease: node "${hostname}" pod cidr not assigned` };
  if (!cidrContains(netconf.Network, podCIDR)) {
    return { ok: false, ds: fds, err: `Error registering network: failed to acquire lease: subnet "${netconf.Network}" specified in the flannel net config doesn't contain "${podCIDR}" PodCIDR of the "${hostname}" node` };
  }
  // Local side: flannel.1 (VXLAN id 1, UDP 8472 like flannel's vxlan backend) and cni0.
  if (!ip('link', 'show', 'flannel.1')) {
    ip('link', 'add', 'flannel.1', 'type', 'vxlan', 'id', '1', 'dstport', '8472', 'dev', 'eth0', 'nolearning', 'local', nodeIp);
    ip('addr', 'add', `${podCIDR.replace(/\.0\/24$/, '.0')}/32`, 'dev', 'flannel.1');
    ip('link', 'set', 'flannel.1', 'up');
  }
  if (!ip('link', 'show', 'cni0')) {
    ip('link', 'add', 'cni0', 'type', 'bridge');
    ip('addr', 'add', `${podCIDR.replace(/\.0\/24$/, '.1')}/24`, 'dev', 'cni0');
    ip('link', 'set', 'cni0', 'up');
  }
  // Append each FORWARD ACCEPT once (`iptables -C` fails, so trySh answers undefined, when absent).
  for (const dir of ['-s', '-d']) {
    if (trySh('iptables', ['-C', 'FORWARD', dir, netconf.Network, '-j', 'ACCEPT']) === undefined) trySh('iptables', ['-A', 'FORWARD', dir, netconf.Network, '-j', 'ACCEPT']);
  }
  // The MAC from `ip` rather than /sys/class/net: the node's /sys/class is an overlay (for
  // product_uuid), which answers ESTALE for a link deleted and created again (reset, reinstall).
  const mac = (/link\/ether ([0-9a-f:]{17})/.exec(ip('-o', 'link', 'show', 'flannel.1') ?? '') ?? [])[1] ?? '';
  const backend = JSON.stringify({ VNI: 1, VtepMAC: mac });
  if (me.metadata.annotations?.['flannel.alpha.coreos.com/backend-data'] !== backend) {
    await apiRequest(conn, 'PATCH', `/api/v1/nodes/${hostname}`, { metadata: { annotations: { 'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/backend-data': backend, 'flannel.alpha.coreos.com/public-ip': nodeIp, 'flannel.alpha.coreos.com/kube-subnet-manager': 'true' } } });
  }
  mkdirSync('/run/flannel', { recursive: true });
  writeFileSync('/run/flannel/subnet.env', `FLANNEL_NETWORK=${netconf.Network}\nFLANNEL_SUBNET=${podCIDR.replace(/\.0\/24$/, '.1/24')}\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n`);
  mkdirSync('/etc/cni/net.d', { recursive: true });
  const conflist = cfg?.data?.['cni-conf.json'] ?? '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}';
  if (!existsSync('/etc/cni/net.d/10-flannel.conflist')) writeFileSync('/etc/cni/net.d/10-flannel.conflist', conflist);
  // Remote nodes: route their podCIDR over flannel.1 to their VTEP.
  for (const n of nodes) {
    if (n.metadata.name === hostname) continue;
    const bd = n.metadata.annotations?.['flannel.alpha.coreos.com/backend-data'];
    const pip = n.metadata.annotations?.['flannel.alpha.coreos.com/public-ip'];
    if (!bd || !pip || !n.spec?.podCIDR) continue;
    const rmac = JSON.parse(bd).VtepMAC;
    const gw = n.spec.podCIDR.replace(/\/24$/, '');
    ip('neigh', 'replace', gw, 'lladdr', rmac, 'dev', 'flannel.1', 'nud', 'permanent');
    trySh('bridge', ['fdb', 'replace', rmac, 'dev', 'flannel.1', 'dst', pip]);
    ip('route', 'replace', n.spec.podCIDR, 'via', gw, 'dev', 'flannel.1', 'onlink');
  }
  return { ok: true, ds: fds };
}

function cidrContains(net, sub) {
  if (!net || !sub) return false;
  const toInt = (a) => a.split('.').reduce((x, o) => (x << 8) + Number(o), 0) >>> 0;
  const [nb, nl] = net.split('/');
  const [sb, sl] = sub.split('/');
  const mask = Number(nl) === 0 ? 0 : (~0 << (32 - Number(nl))) >>> 0;
  return Number(sl) >= Number(nl) && (toInt(nb) & mask) === (toInt(sb) & mask);
}

const podNs = (p) => `pod-${p.metadata.namespace}-${p.metadata.name}`.slice(0, 60);
function startPodNetwork(p, podCIDR) {
  const ns = podNs(p);
  const used = new Set(readdirSync('/run/lab-pods', { withFileTypes: true }).map((d) => d.name));
  let n = 2;
  while (used.has(podCIDR.replace(/0\/24$/, String(n)))) n++;
  const addr = podCIDR.replace(/0\/24$/, String(n));
  writeFileSync(`/run/lab-pods/${addr}`, ns);
  const veth = `veth${Math.random().toString(16).slice(2, 10)}`;
  ip('netns', 'add', ns);
  ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
  ip('link', 'set', veth, 'master', 'cni0', 'up');
  ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', 'eth0');
  ip('-n', ns, 'link', 'set', 'eth0', 'mtu', '1450', 'up');
  ip('-n', ns, 'link', 'set', 'lo', 'up');
  ip('-n', ns, 'route', 'add', 'default', 'via', podCIDR.replace(/0\/24$/, '1'));
  return addr;
}

async function syncPods(conn, me, net) {
  const pods = ((await apiRequest(conn, 'GET', '/api/v1/pods')).body.items ?? []).filter((p) => p.spec.nodeName === hostname);
  mkdirSync('/run/lab-pods', { recursive: true });
  for (const p of pods) {
    const path = `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}/status`;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const images = [...(p.spec.initContainers ?? []), ...(p.spec.containers ?? [])].map((c) => c.image);
    // Pull policy IfNotPresent (kubeadm's static pods, tagged images): an image the runtime holds
    // (imported from a bundle) needs no registry.
    const blocked = images.find((i) => registryBlocked(i) && !imagePresent(i));
    const cstat = (st, ready) => (p.spec.containers ?? []).map((c) => ({ name: c.name, image: c.image, ready, restartCount: 0, state: st }));
    let status;
    if (blocked) {
      status = { phase: 'Pending', hostIP: nodeIp, containerStatuses: cstat({ waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${blocked}"` } }, false), lab: { pullError: blockedPullError(blocked) } };
    } else if (p.spec.hostNetwork) {
      const isFlannel = net.ds && p.metadata.ownerReferences?.[0]?.uid === net.ds.metadata.uid;
      status = isFlannel && !net.ok
        ? { phase: 'Running', hostIP: nodeIp, podIP: nodeIp, containerStatuses: cstat({ waiting: { reason: 'CrashLoopBackOff', message: net.err } }, false), lab: { log: net.err } }
        : { phase: 'Running', hostIP: nodeIp, podIP: nodeIp, startTime: p.status?.startTime ?? now, containerStatuses: cstat({ running: { startedAt: now } }, true) };
    } else if (!net.ok) {
      continue; // no CNI yet: the pod stays ContainerCreating/Pending
    } else if (p.status?.podIP && p.status.phase === 'Running') {
      continue;
    } else {
      const addr = startPodNetwork(p, me.spec.podCIDR);
      status = { phase: 'Running', hostIP: nodeIp, podIP: addr, podIPs: [{ ip: addr }], startTime: now, containerStatuses: cstat({ running: { startedAt: now } }, true) };
    }
    if (JSON.stringify({ ...p.status, startTime: undefined, containerStatuses: undefined }) === JSON.stringify({ ...status, startTime: undefined, containerStatuses: undefined })) continue;
    await apiRequest(conn, 'PUT', path, { status });
  }
}

/** The kubelet's API connection (set by the main loop), for what exec needs from the cluster. */
let apiConn;

/** `nslookup` in a busybox:1.28 pod, answered as that image would (see nslookup.mjs). */
async function podNslookup(namespace, name, args) {
  if (!apiConn) return undefined;
  const pod = (await apiRequest(apiConn, 'GET', `/api/v1/namespaces/${namespace}/pods/${name}`)).body;
  if (!isBusybox128(pod?.spec?.containers?.[0]?.image)) return undefined;
  const cfg = YAML.parse(readFileSync('/var/lib/kubelet/config.yaml', 'utf8')) ?? {};
  const services = (await apiRequest(apiConn, 'GET', '/api/v1/services')).body.items ?? [];
  const pods = (await apiRequest(apiConn, 'GET', '/api/v1/pods')).body.items ?? [];
  const r = busyboxNslookup({ args, pod, services, pods, nameserver: cfg.clusterDNS?.[0] ?? '', domain: cfg.clusterDomain ?? 'cluster.local', nodeName: hostname });
  if (r.waitMs) await sleep(scaled(r.waitMs / 1000) * 1000);
  return r;
}

// "kubectl exec": the API server forwards to this endpoint on :10250 (the kubelet port).
const execServer = http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const m = /^\/exec\/([^/]+)\/([^/]+)$/.exec(req.url ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      if (!m) return res.writeHead(404).end('{}');
      const ns = podNs({ metadata: { namespace: m[1], name: m[2] } });
      const lookup = nslookupArgs(body.command);
      if (lookup) {
        const r = await podNslookup(m[1], m[2], lookup).catch(() => undefined);
        if (r) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ stdout: r.stdout, stderr: r.stderr, code: r.code }));
        }
      }
      const child = spawn('ip', ['netns', 'exec', ns, ...body.command], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      // A command that exits without reading stdin ('exit 3') closes the pipe: the write's EPIPE
      // is an 'error' event, which unhandled threw out of the kubelet and hung up the exec.
      child.stdin.on('error', () => undefined);
      child.stdin.end(body.stdin ?? '');
      child.on('error', (e) => (stderr += e.message));
      child.on('close', (code) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ stdout, stderr, code: code ?? 1 }));
      });
    });
  })
  .on('error', () => undefined);
let listening = false;

// ------------------------------------------------------------------ main loop

let registered = false;
// Registered before the endless loop below (after it, it was never reached): a crashed kubelet
// leaves no stale state behind for `systemctl is-active` (systemctl stop removes it as well).
process.on('exit', () => rmSync(`${RUN}/kubelet.state`, { force: true }));

for (;;) {
  await sleep(1000);
  // A real kubelet that trips over a half-written file exits and systemd restarts it
  // (kubelet.service: Restart=always); here the loop logs the error and tries again.
  try {
    const cfgPath = '/var/lib/kubelet/config.yaml';
    if (!existsSync(cfgPath)) {
      state('activating');
      logOnce(`"command failed" err="failed to load kubelet config file, error: failed to load Kubelet config file ${cfgPath}, error failed to read kubelet config file \\"${cfgPath}\\", error: open ${cfgPath}: no such file or directory, path: ${cfgPath}"`);
      continue;
    }
    const cfg = YAML.parse(readFileSync(cfgPath, 'utf8')) ?? {};
    // From 1.35 failCgroupV1 defaults to true (KEP-5573); the line as a 1.35 kubelet logs it
    // (kubernetes/node-problem-detector#1161).
    if (labEnv().LAB_CGROUP === 'v1' && KUBELET_VERSION.minor >= 35 && cfg.failCgroupV1 !== false) {
      state('activating');
      logOnce('"command failed" err="failed to validate kubelet configuration, error: kubelet is configured to not run on a host using cgroup v1. cgroup v1 support is unsupported and will be removed in a future release, path: &TypeMeta{Kind:,APIVersion:,}"');
      continue;
    }
    const kdriver = cfg.cgroupDriver ?? 'cgroupfs';
    const rt = runtimeCgroupDriver();
    if (!rt.runtime) {
      state('activating');
      const ep = criEndpoint() || 'unix:///var/run/containerd/containerd.sock';
      logOnce(`"Failed to run kubelet" err="failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint \\"${ep}\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix ${ep.replace(/^unix:\/\//, '')}: connect: no such file or directory\\""`);
      continue;
    }
    if (rt.driver !== kdriver) {
      state('activating');
      logOnce(`"Failed to run kubelet" err="failed to run Kubelet: misconfiguration: kubelet cgroup driver: \\"${kdriver}\\" is different from ${rt.runtime} cgroup driver: \\"${rt.driver}\\""`);
      continue;
    }
    state('active');
    if (!listening) {
      execServer.listen(10250, '0.0.0.0');
      listening = true;
    }
    staticPods();
  } catch (e) {
    state('activating');
    logOnce(`"command failed" err="${e.message}"`);
    continue;
  }
  if (!existsSync('/etc/kubernetes/kubelet.conf')) continue;
  let conn;
  try {
    conn = loadKubeconfig('/etc/kubernetes/kubelet.conf');
    const expired = expiredClientCert(conn);
    if (expired) {
      // Not talking to the API server at all: the real kubelet exits here (see kubelet-client-cert.mjs).
      state('activating');
      if (lastErr !== expired.failure) journal('kubelet', expired.first);
      logOnce(expired.failure);
      registered = false;
      continue;
    }
    await rotateIfMissing(conn, YAML.parse(readFileSync('/var/lib/kubelet/config.yaml', 'utf8')) ?? {}, hostname);
    apiConn = conn;
    if (!registered) {
      const r = await apiRequest(conn, 'POST', '/api/v1/nodes', nodeObject(conn));
      if (r.status === 201 || r.status === 409) {
        registered = true;
        if (r.status === 201) journal('kubelet', `"Successfully registered node" node="${hostname}"`);
      } else continue;
    }
    const me = (await apiRequest(conn, 'GET', `/api/v1/nodes/${hostname}`)).body;
    if (me.kind !== 'Node') {
      registered = false;
      continue;
    }
    const nodes = (await apiRequest(conn, 'GET', '/api/v1/nodes')).body.items ?? [];
    const net = await flannel(conn, me, nodes);
    const ok = cniReady() && net.ok;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const v = KUBELET_VERSION;
    const notReadyMsg = v.minor < 24 ? 'runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: cni config uninitialized' : 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';
    const cond = ok ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' } : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: notReadyMsg };
    const prev = me.status?.conditions?.find((c) => c.type === 'Ready');
    const status = { ...nodeObject(conn).status, conditions: [{ ...cond, lastHeartbeatTime: now, lastTransitionTime: prev?.status === cond.status ? prev.lastTransitionTime : now }] };
    await apiRequest(conn, 'PUT', `/api/v1/nodes/${hostname}/status`, { status });
    await syncPods(conn, me, net);
  } catch (e) {
    logOnce(`"Error getting node" err="Get \\"${conn?.server ?? ''}/api/v1/nodes/${hostname}\\": ${e.message}"`);
  }
}
