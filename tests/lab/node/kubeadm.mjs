#!/usr/bin/env node
// Lab kubeadm. Output lines, preflight error names and messages follow kubeadm's source
// (cmd/kubeadm/app/preflight/checks.go, cmd/kubeadm/app/discovery/token/token.go,
// cmd/kubeadm/app/util/pubkeypin) and the published `kubeadm init`/`join` output, e.g.
// https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { checkExpirationTable, configLines, renewCertificate, renewHandlers, renewLines, shortHumanDuration, tokenListLines } from './certs.mjs';
import { kubeconfigUser } from './kubeadm-kubeconfig.mjs';
import { upgradeApply, upgradeNode } from './upgrade.mjs';
import { upgradePlan } from './kubeadm-upgrade-plan.mjs';
import { certsSecret, writeDownloadedCerts } from './upload-certs.mjs';
import { removeEtcdMemberPhase } from './reset-etcd.mjs';
import { apiRequest, caCertHash, dialError, imageList, jwsDetached, kubeconfigYaml, kubeVersion, labEnv, loadKubeconfig, nodeNow, pkgVersion, randomToken, registryBlocked, blockedPullError, imagePresent, scaled, sleep, systemctlActive, trySh, YAML } from './k8s.mjs';

const args = process.argv.slice(2);
const env = labEnv();
const out = (s = '') => process.stdout.write(s + '\n');
const err = (s) => process.stderr.write(s + '\n');
const V = kubeVersion(pkgVersion('kubeadm'));
const PKI = '/etc/kubernetes/pki';
const hostname = readFileSync('/etc/hostname', 'utf8').trim();

function opt(name, def) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}` || (name.length === 1 && args[i] === `-${name}`)) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return def;
}
const optAll = (name) => args.flatMap((a, i) => (a === `--${name}` ? [args[i + 1]] : a.startsWith(`--${name}=`) ? [a.slice(name.length + 3)] : [])).flatMap((v) => v.split(','));
const has = (name) => args.includes(`--${name}`) || args.some((a) => a.startsWith(`--${name}=`));
const positional = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^(--[a-z-]+|-o)$/.test(args[i - 1]) && !['--upload-certs', '--print-join-command', '--force', '--dry-run'].includes(args[i - 1])));

function fail(msg, code = 1) {
  err(msg);
  err('To see the stack trace of this error execute with --v=5 or higher');
  process.exit(code);
}

const openssl = (...a) => execFileSync('openssl', a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
function signCert(name, cn, org, sans, days = 365, { ca = 'ca', usage } = {}) {
  // A folder of its own for the request: the lab nodes share the machine's /tmp, and a fixed
  // name there let two labs' kubeadm init (CI runs labs side by side) sign each other's requests
  // ("Unable to load certificate request input", or a certificate for the other lab's key).
  const dir = mkdtempSync(joinPath(tmpdir(), 'lab-cert-'));
  const tmp = joinPath(dir, name.replace(/\//g, '-'));
  try {
    openssl('genrsa', '-out', `${PKI}/${name}.key`, '2048');
    const cfg = `${tmp}.cnf`;
    writeFileSync(cfg, `[req]\ndistinguished_name=dn\n[dn]\n[ext]\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=${usage ?? (sans ? 'serverAuth' : 'clientAuth')}\n${sans ? `subjectAltName=${sans}\n` : ''}`);
    openssl('req', '-new', '-key', `${PKI}/${name}.key`, '-subj', `/CN=${cn}${org ? `/O=${org}` : ''}`, '-out', `${tmp}.csr`);
    openssl('x509', '-req', '-in', `${tmp}.csr`, '-CA', `${PKI}/${ca}.crt`, '-CAkey', `${PKI}/${ca}.key`, '-CAcreateserial', '-days', String(days), '-sha256', '-extfile', cfg, '-extensions', 'ext', '-out', `${PKI}/${name}.crt`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The stacked etcd member's PKI, as kubeadm's certs phase makes it (cmd/kubeadm/app/phases/certs/certlist.go):
 * etcd/ca ("etcd-ca"), etcd/server and etcd/peer (CN = node name, SANs localhost, node name,
 * 127.0.0.1, ::1 and the advertise address; server and client auth), etcd/healthcheck-client
 * ("kube-etcd-healthcheck-client") and apiserver-etcd-client ("kube-apiserver-etcd-client").
 */
function etcdPki(nodeName, advertise) {
  mkdirSync(`${PKI}/etcd`, { recursive: true });
  if (!existsSync(`${PKI}/etcd/ca.crt`)) {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${PKI}/etcd/ca.key`, '-out', `${PKI}/etcd/ca.crt`, '-days', '3650', '-subj', '/CN=etcd-ca', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign', '-addext', 'basicConstraints=critical,CA:TRUE');
  }
  const sans = `DNS:localhost,DNS:${nodeName},IP:${advertise},IP:127.0.0.1,IP:0:0:0:0:0:0:0:1`;
  const both = 'serverAuth,clientAuth';
  signCert('etcd/server', nodeName, undefined, sans, 365, { ca: 'etcd/ca', usage: both });
  signCert('etcd/peer', nodeName, undefined, sans, 365, { ca: 'etcd/ca', usage: both });
  signCert('etcd/healthcheck-client', 'kube-etcd-healthcheck-client', undefined, undefined, 365, { ca: 'etcd/ca' });
  signCert('apiserver-etcd-client', 'kube-apiserver-etcd-client', undefined, undefined, 365, { ca: 'etcd/ca' });
}

/**
 * The rest of kubeadm's certs phase (certlist.go): apiserver-kubelet-client (CN
 * kube-apiserver-kubelet-client, O system:masters), the front proxy CA ("front-proxy-ca", ten
 * years like every kubeadm CA) and its client (CN front-proxy-client), and the service account key
 * pair sa.key / sa.pub. Existing files are kept, as kubeadm keeps them.
 */
function clusterLeafPki() {
  signCert('apiserver-kubelet-client', 'kube-apiserver-kubelet-client', 'system:masters');
  if (!existsSync(`${PKI}/front-proxy-ca.crt`)) {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${PKI}/front-proxy-ca.key`, '-out', `${PKI}/front-proxy-ca.crt`, '-days', '3650', '-subj', '/CN=front-proxy-ca', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign', '-addext', 'basicConstraints=critical,CA:TRUE');
  }
  signCert('front-proxy-client', 'front-proxy-client', undefined, undefined, 365, { ca: 'front-proxy-ca' });
  if (!existsSync(`${PKI}/sa.key`)) {
    openssl('genrsa', '-out', `${PKI}/sa.key`, '2048');
    openssl('rsa', '-in', `${PKI}/sa.key`, '-pubout', '-out', `${PKI}/sa.pub`);
  }
}

/**
 * What the kubelet keeps in /var/lib/kubelet/pki (kubernetes.io "Certificate Management with
 * kubeadm", "Kubelet client certificate rotation" / "Kubelet serving certificate"): its client
 * certificate and key in one kubelet-client-<date>.pem, pointed at by kubelet-client-current.pem,
 * and, without serverTLSBootstrap, a self-signed serving pair kubelet.crt / kubelet.key (the
 * lab's: CN <node>@<unix time>, one year).
 */
function kubeletPki(nodeName, certPem, keyPem) {
  const dir = '/var/lib/kubelet/pki';
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(nodeNow()).toISOString().replace(/\..*$/, '').replace(/[T:]/g, '-');
  const file = `${dir}/kubelet-client-${stamp}.pem`;
  writeFileSync(file, certPem + keyPem, { mode: 0o600 });
  rmSync(`${dir}/kubelet-client-current.pem`, { force: true });
  execFileSync('ln', ['-s', file, `${dir}/kubelet-client-current.pem`]);
  if (!existsSync(`${dir}/kubelet.crt`)) {
    const t = Math.trunc(nodeNow() / 1000);
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/kubelet.key`, '-out', `${dir}/kubelet.crt`, '-days', '365', '-subj', `/CN=${nodeName}@${t}`, '-addext', `subjectAltName=DNS:${nodeName}`);
  }
}

/** kubeadm's etcd static pod command (cmd/kubeadm/app/phases/etcd/local.go getEtcdCommand, v1.30). */
function etcdCommand(nodeName, advertise) {
  const p = '/etc/kubernetes/pki/etcd';
  return [
    'etcd', `--advertise-client-urls=https://${advertise}:2379`, `--cert-file=${p}/server.crt`, '--client-cert-auth=true', '--data-dir=/var/lib/etcd',
    '--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s', `--initial-advertise-peer-urls=https://${advertise}:2380`,
    `--initial-cluster=${nodeName}=https://${advertise}:2380`, `--key-file=${p}/server.key`, `--listen-client-urls=https://127.0.0.1:2379,https://${advertise}:2379`,
    '--listen-metrics-urls=http://127.0.0.1:2381', `--listen-peer-urls=https://${advertise}:2380`, `--name=${nodeName}`, `--peer-cert-file=${p}/peer.crt`,
    '--peer-client-cert-auth=true', `--peer-key-file=${p}/peer.key`, `--peer-trusted-ca-file=${p}/ca.crt`, '--snapshot-count=10000', `--trusted-ca-file=${p}/ca.crt`,
  ];
}

/** Address number `n` of a CIDR (`10.20.0.0/16`, 10 → `10.20.0.10`). */
function cidrHost(cidr, n) {
  const [base] = cidr.split('/');
  const v = (base.split('.').reduce((x, o) => (x << 8) + Number(o), 0) + n) >>> 0;
  return [24, 16, 8, 0].map((sh) => (v >>> sh) & 255).join('.');
}

// ------------------------------------------------------------------ config files

function readConfig() {
  const file = opt('config');
  const c = { init: {}, cluster: {}, join: {}, kubelet: {} };
  if (!file) return c;
  if (!existsSync(file)) fail(`unable to read config from "${file}" : open ${file}: no such file or directory`);
  for (const d of YAML.parseAllDocuments(readFileSync(file, 'utf8')).map((x) => x.toJSON()).filter(Boolean)) {
    if (d.kind === 'InitConfiguration') c.init = d;
    else if (d.kind === 'ClusterConfiguration') c.cluster = d;
    else if (d.kind === 'JoinConfiguration') c.join = d;
    else if (d.kind === 'KubeletConfiguration') c.kubelet = d;
  }
  return c;
}

// ------------------------------------------------------------------ CRI socket

/**
 * The CRI socket kubeadm uses: --cri-socket, else nodeRegistration.criSocket, else detected from
 * the sockets on the host. kubeadm cmd/kubeadm/app/util/runtime/runtime.go detectCRISocketImpl:
 * from v1.24 the known sockets are containerd, CRI-O and cri-dockerd (constants_unix.go
 * defaultKnownCRISockets); none found → containerd's, one → that one, more → the error below,
 * printed with the usual stack-trace hint (published outputs: tests/fixtures/real/multiple-cri-*.txt).
 * Before v1.24 the Docker socket stood for dockershim and the error read "Found multiple CRI
 * sockets, please use --cri-socket to select one" (runtime.go before v1.24). The lab's containerd
 * has no socket file: its socket exists while its unit runs; other sockets are real files
 * (scenario multiple-cri plants a listening-less unix socket, which is what kubeadm's
 * isExistingSocket stats for).
 */
function criSocketFor(nodeRegistration) {
  const chosen = opt('cri-socket', nodeRegistration?.criSocket);
  if (chosen) return chosen;
  const isSocket = (s) => {
    try {
      return statSync(s.replace(/^unix:\/\//, '')).isSocket();
    } catch {
      return false;
    }
  };
  const containerdUp = systemctlActive('containerd') || isSocket('/var/run/containerd/containerd.sock');
  let found;
  if (V.minor >= 24) {
    found = [...(containerdUp ? ['unix:///var/run/containerd/containerd.sock'] : []), ...['unix:///var/run/crio/crio.sock', 'unix:///var/run/cri-dockerd.sock'].filter(isSocket)];
    if (found.length > 1) {
      // The published v1.31.0 output (`kubeadm config images pull`) starts lower-case.
      fail(`${V.minor >= 31 ? 'found' : 'Found'} multiple CRI endpoints on the host. Please define which one do you wish to use by setting the 'criSocket' field in the kubeadm configuration file: ${found.join(', ')}`);
    }
    return found[0] ?? 'unix:///var/run/containerd/containerd.sock';
  }
  const docker = systemctlActive('docker') || isSocket('/var/run/docker.sock');
  found = [...(docker ? ['/var/run/dockershim.sock'] : containerdUp ? ['/run/containerd/containerd.sock'] : []), ...['/var/run/crio/crio.sock'].filter(isSocket)];
  if (found.length > 1) fail(`Found multiple CRI sockets, please use --cri-socket to select one: ${found.join(', ')}`);
  return found[0] ?? '/var/run/dockershim.sock';
}

// ------------------------------------------------------------------ preflight

function swapOn() {
  return readFileSync('/proc/swaps', 'utf8').trim().split('\n').length > 1;
}
function runtime() {
  if (V.minor < 24 && (systemctlActive('docker') || pkgVersion('docker-ce') || pkgVersion('docker.io'))) return 'docker';
  return 'containerd';
}
function preflight(kind, ignore, extra = [], socket = 'unix:///var/run/containerd/containerd.sock') {
  out('[preflight] Running pre-flight checks');
  const errors = [];
  const warnings = [];
  const add = (name, msg) => (ignore.includes('all') || ignore.includes(name.toLowerCase()) ? warnings : errors).push(`[${ignore.includes('all') || ignore.includes(name.toLowerCase()) ? 'WARNING' : 'ERROR'} ${name}]: ${msg}`);
  if (process.getuid?.() !== 0) add('IsPrivilegedUser', 'user is not running as root');
  const rt = runtime();
  if (rt === 'docker') {
    if (!systemctlActive('docker')) {
      add('Service-Docker', "docker service is not active, please run 'systemctl start docker.service'");
      add('IsDockerSystemdCheck', "cannot execute 'docker info -f {{.CgroupDriver}}': exit status 1");
    } else {
      const d = trySh('/usr/local/bin/docker', ['info', '-f', '{{.CgroupDriver}}'])?.trim();
      if (d === 'cgroupfs') warnings.push('[WARNING IsDockerSystemdCheck]: detected "cgroupfs" as the Docker cgroup driver. The recommended driver is "systemd". Please follow the guide at https://kubernetes.io/docs/setup/cri/');
    }
  } else {
    // kubeadm ≥1.24 asks crictl about the chosen socket (CRI check); cri-dockerd's is a socket
    // file that exists while cri-docker.socket is started (the lab's systemctl).
    const sock = socket.startsWith('unix://') ? socket : `unix://${socket}`;
    const dockerd = sock.endsWith('/cri-dockerd.sock');
    const up = dockerd ? existsSync('/run/cri-dockerd.sock') : systemctlActive('containerd');
    if (!up) {
      add('CRI', `container runtime is not running: output: time="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}" level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \\"${sock}\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix ${sock.replace(/^unix:\/\//, '')}: connect: no such file or directory\\""\n, error: exit status 1`);
    } else if (dockerd) {
      /* dockerd behind cri-dockerd: no containerd CRI plugin involved */
    } else if (/disabled_plugins\s*=\s*\[[^\]]*"cri"/.test(existsSync('/etc/containerd/config.toml') ? readFileSync('/etc/containerd/config.toml', 'utf8') : '')) {
      add('CRI', `container runtime is not running: output: time="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}" level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \\"${sock}\\": rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService"\n, error: exit status 1`);
    }
  }
  if (trySh('/usr/local/bin/systemctl', ['is-enabled', '-q', 'kubelet']) === undefined) warnings.push("[WARNING Service-Kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'");
  for (const [f, n] of extra) if (existsSync(f) && (!f.endsWith('etcd') || readdirSync(f).length)) add(n, f.endsWith('etcd') ? `${f} is not empty` : `${f} already exists`);
  if (V.minor < 30) {
    const bridge = trySh('/usr/local/sbin/sysctl', ['-n', 'net.bridge.bridge-nf-call-iptables'])?.trim();
    if (bridge !== '1') add('FileContent--proc-sys-net-bridge-bridge-nf-call-iptables', bridge === undefined ? '/proc/sys/net/bridge/bridge-nf-call-iptables does not exist' : '/proc/sys/net/bridge/bridge-nf-call-iptables contents are not set to 1');
  }
  if (readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim() !== '1') add('FileContent--proc-sys-net-ipv4-ip_forward', '/proc/sys/net/ipv4/ip_forward contents are not set to 1');
  if (swapOn()) {
    if (V.minor >= 28 && ignore.includes('swap')) warnings.push('[WARNING Swap]: swap is supported for cgroup v2 only; the NodeSwap feature gate of the kubelet is beta but disabled by default');
    else add('Swap', 'running with swap on is not supported. Please disable swap');
  }
  if (kind === 'init' && trySh('ss', ['-Hltn', 'sport = :6443'])?.trim()) add('Port-6443', 'Port 6443 is in use');
  if (trySh('ss', ['-Hltn', 'sport = :10250'])?.trim() && !systemctlActive('kubelet')) add('Port-10250', 'Port 10250 is in use');
  for (const w of warnings) out(`\t${w}`);
  if (errors.length) {
    err(`error execution phase preflight: [preflight] Some fatal errors occurred:\n${errors.map((e) => `\t${e}`).join('\n')}`);
    err("[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`");
    err('To see the stack trace of this error execute with --v=5 or higher');
    process.exit(1);
  }
}

function pullImages(images, ignore) {
  if (runtime() === 'docker' && !systemctlActive('docker')) return;
  // kubeadm preflight ImagePullCheck (cmd/kubeadm/app/preflight/checks.go, v1.18.0 and, with the
  // default pull policy IfNotPresent, v1.30.0): runtime.ImageExists first ("image exists", no
  // pull), so an image imported from a bundle needs no network; only a missing one is pulled.
  const held = runtime() === 'docker' ? ['docker'] : ['containerd', 'docker'];
  const bad = images.filter((i) => registryBlocked(i) && !imagePresent(i, held));
  if (!bad.length) return;
  const lines = bad.map((i) => `\t[${ignore.includes('imagepull') ? 'WARNING' : 'ERROR'} ImagePull]: failed to pull image ${i}: output: Error response from daemon: ${blockedPullError(i)}\n, error: exit status 1`);
  if (ignore.includes('imagepull') || ignore.includes('all')) return lines.forEach((l) => out(l));
  err(`error execution phase preflight: [preflight] Some fatal errors occurred:\n${lines.join('\n')}`);
  err("[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`");
  fail('');
}

// ------------------------------------------------------------------ init

function bootstrapTokenSecret(token, ttlSeconds, description) {
  const [id, secret] = token.split('.');
  const b = (s) => Buffer.from(s).toString('base64');
  const data = { 'token-id': b(id), 'token-secret': b(secret), 'usage-bootstrap-authentication': b('true'), 'usage-bootstrap-signing': b('true'), 'auth-extra-groups': b('system:bootstrappers:kubeadm:default-node-token'), description: b(description) };
  if (ttlSeconds > 0) data.expiration = b(new Date(nodeNow() + ttlSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z'));
  return { apiVersion: 'v1', kind: 'Secret', type: 'bootstrap.kubernetes.io/token', metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' }, data };
}

/**
 * copycerts.go UploadCerts (kubernetes v1.30 cmd/kubeadm/app/phases/copycerts/copycerts.go): a
 * short-lived bootstrap token (createShortLivedBootstrapToken: no usages, the description "Proxy
 * for managing TTL for the kubeadm-certs secret", TTL DefaultCertTokenDuration = 2h) owns the
 * kubeadm-certs Secret (getSecretOwnerRef: a controller reference), created or updated, so the
 * token cleaner's deletion of the expired token garbage-collects the certificates with it.
 */
async function uploadCerts(admin, keyHex, errorPrefix) {
  let secret;
  try {
    secret = certsSecret(keyHex);
  } catch (e) {
    fail(`${errorPrefix}: error uploading certs: ${e.message}`);
  }
  const [id, tokenSecret] = randomToken().split('.');
  const b = (v) => Buffer.from(v).toString('base64');
  const expiration = new Date(nodeNow() + CERT_TOKEN_SECONDS * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const token = { apiVersion: 'v1', kind: 'Secret', type: 'bootstrap.kubernetes.io/token', metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' }, data: { 'token-id': b(id), 'token-secret': b(tokenSecret), expiration: b(expiration), description: b('Proxy for managing TTL for the kubeadm-certs secret') } };
  const made = await apiRequest(admin, 'POST', '/api/v1/namespaces/kube-system/secrets', token);
  if (made.status !== 201) fail(`${errorPrefix}: error uploading certs: error creating token: ${made.body?.message ?? made.status}`);
  const owner = made.body.metadata;
  secret.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Secret', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }];
  const path = '/api/v1/namespaces/kube-system/secrets';
  const r = await apiRequest(admin, 'POST', path, secret);
  if (r.status === 409) await apiRequest(admin, 'PUT', `${path}/kubeadm-certs`, secret);
}

/** copycerts.go defaultCertTokenDuration / constants.DefaultCertTokenDuration: 2 hours. */
const CERT_TOKEN_SECONDS = 2 * 3600;

function parseTtl(s) {
  if (s === undefined) return undefined;
  let t = 0;
  for (const [, n, u] of s.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)) t += Number(n) * { h: 3600, m: 60, s: 1 }[u];
  return t;
}

async function waitHealthy(conn, seconds) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    try {
      const r = await apiRequest(conn, 'GET', '/healthz', undefined, { timeoutMs: 2000 });
      if (r.status === 200) return true;
    } catch {
      /* not up yet */
    }
    await sleep(500);
  }
  return false;
}

/**
 * admin.conf's group: system:masters until 1.28; from 1.29 kubeadm:cluster-admins, bound to
 * cluster-admin by a ClusterRoleBinding instead (kubernetes/kubernetes#121305, kubeadm
 * constants.ClusterAdminsGroupAndClusterRoleBinding).
 */
function adminGroup() {
  return V.minor >= 29 ? 'kubeadm:cluster-admins' : 'system:masters';
}

/**
 * From 1.29 init creates the kubeadm:cluster-admins ClusterRoleBinding once the API answers,
 * with super-admin.conf (admin.conf cannot yet: it is what the binding grants;
 * cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go EnsureAdminClusterRoleBinding). It prints nothing.
 */
async function ensureClusterAdminsBinding() {
  if (V.minor < 29) return;
  const superAdmin = loadKubeconfig('/etc/kubernetes/super-admin.conf');
  const name = 'kubeadm:cluster-admins';
  const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name }] };
  const r = await apiRequest(superAdmin, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding);
  if (r.status !== 201 && r.status !== 409) fail(`error execution phase upload-config/kubeadm: could not bootstrap the admin user in file admin.conf: unable to create ClusterRoleBinding: ${r.body?.message ?? r.status}`);
}

async function init() {
  const cfg = readConfig();
  const socket = criSocketFor(cfg.init.nodeRegistration);
  const ignore = [...optAll('ignore-preflight-errors'), ...(cfg.init.nodeRegistration?.ignorePreflightErrors ?? [])].map((s) => s.toLowerCase());
  const version = opt('kubernetes-version', cfg.cluster.kubernetesVersion ?? V.full);
  const kv = kubeVersion(version.replace(/^v/, ''));
  const advertise = opt('apiserver-advertise-address', cfg.init.localAPIEndpoint?.advertiseAddress ?? env.LAB_IP);
  const port = Number(opt('apiserver-bind-port', cfg.init.localAPIEndpoint?.bindPort ?? 6443));
  const podCIDR = opt('pod-network-cidr', cfg.cluster.networking?.podSubnet);
  const svcCIDR = opt('service-cidr', cfg.cluster.networking?.serviceSubnet ?? '10.96.0.0/12');
  const dnsDomain = opt('service-dns-domain', cfg.cluster.networking?.dnsDomain ?? 'cluster.local');
  const repo = opt('image-repository', cfg.cluster.imageRepository);
  const nodeName = opt('node-name', cfg.init.nodeRegistration?.name ?? hostname);
  const token = opt('token', cfg.init.bootstrapTokens?.[0]?.token) ?? randomToken();
  const ttl = parseTtl(opt('token-ttl', cfg.init.bootstrapTokens?.[0]?.ttl)) ?? Number(env.LAB_CLUSTER_TOKEN_TTL ?? 86400);
  if (kv.minor > V.minor + 1 || kv.minor < V.minor - 1) fail(`this version of kubeadm only supports deploying clusters with the control plane version >= ${V.major}.${V.minor - 1}.0. Current version: ${version}`);
  out(`[init] Using Kubernetes version: ${kubeVersion(version.replace(/^v/, '')).full}`);
  preflight('init', ignore, [
    ['/etc/kubernetes/manifests/kube-apiserver.yaml', 'FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml'],
    ['/etc/kubernetes/manifests/kube-controller-manager.yaml', 'FileAvailable--etc-kubernetes-manifests-kube-controller-manager.yaml'],
    ['/etc/kubernetes/manifests/kube-scheduler.yaml', 'FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml'],
    ['/etc/kubernetes/manifests/etcd.yaml', 'FileAvailable--etc-kubernetes-manifests-etcd.yaml'],
    ['/var/lib/etcd', 'DirAvailable--var-lib-etcd'],
  ], socket);
  out('[preflight] Pulling images required for setting up a Kubernetes cluster');
  out('[preflight] This might take a minute or two, depending on the speed of your internet connection');
  out("[preflight] You can also perform this action in beforehand using 'kubeadm config images pull'");
  pullImages(imageList(kv.full, repo), ignore);

  // kubelet configuration
  const rt = runtime();
  let driver = cfg.kubelet.cgroupDriver ?? (V.minor >= 22 ? 'systemd' : undefined);
  if (!driver) driver = rt === 'docker' ? (trySh('/usr/local/bin/docker', ['info', '-f', '{{.CgroupDriver}}'])?.trim() ?? 'cgroupfs') : 'cgroupfs';
  mkdirSync('/var/lib/kubelet', { recursive: true });
  out('[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"');
  // From 1.24 kubeadm always passes the CRI socket it chose (phases/kubelet/flags.go
  // buildKubeletArgsCommon: {Name: "container-runtime-endpoint", Value: nodeRegOpts.CRISocket}).
  const endpointFlag = V.minor >= 24 ? `--container-runtime-endpoint=${socket} ` : '';
  writeFileSync('/var/lib/kubelet/kubeadm-flags.env', `KUBELET_KUBEADM_ARGS="--cgroup-driver=${driver} ${endpointFlag}--network-plugin=cni --pod-infra-container-image=${imageList(kv.full, repo).find((i) => i.includes('/pause:'))}"\n`);
  out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
  writeFileSync('/var/lib/kubelet/config.yaml', YAML.stringify({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: driver, clusterDNS: [cidrHost(svcCIDR, 10)], clusterDomain: dnsDomain }));

  // certificates
  mkdirSync(PKI, { recursive: true });
  out(`[certs] Using certificateDir folder "${PKI}"`);
  if (!existsSync(`${PKI}/ca.crt`)) {
    out('[certs] Generating "ca" certificate and key');
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${PKI}/ca.key`, '-out', `${PKI}/ca.crt`, '-days', '3650', '-subj', '/CN=kubernetes', '-addext', 'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign', '-addext', 'basicConstraints=critical,CA:TRUE');
  }
  const svcIp = svcCIDR.replace(/\.0\/\d+$/, '.1');
  const cpe = controlPlaneEndpoint(cfg, port);
  out('[certs] Generating "apiserver" certificate and key');
  apiserverCert(nodeName, dnsDomain, svcIp, advertise, cpe, cfg.cluster.apiServer?.certSANs ?? []);
  for (const c of ['apiserver-kubelet-client', 'front-proxy-ca', 'front-proxy-client', 'etcd/ca', 'etcd/server', 'etcd/peer', 'etcd/healthcheck-client', 'apiserver-etcd-client', 'sa']) {
    out(c === 'sa' ? '[certs] Generating "sa" key and public key' : `[certs] Generating "${c}" certificate and key`);
    if (c === 'etcd/server' || c === 'etcd/peer') out(`[certs] ${c} serving cert is signed for DNS names [localhost ${nodeName}] and IPs [${advertise} 127.0.0.1 ::1]`);
  }
  etcdPki(nodeName, advertise);
  clusterLeafPki();
  const caPem = readFileSync(`${PKI}/ca.crt`, 'utf8');
  // With a controlPlaneEndpoint every kubeconfig and cluster-info name it (kubeadm
  // GetControlPlaneEndpoint, cmd/kubeadm/app/util/endpoint.go), and a port there that differs
  // from the bind port is warned about, not refused.
  const server = cpe ? `https://${cpe.host}:${cpe.port}` : `https://${advertise}:${port}`;
  if (cpe && cpe.port !== port) warnEndpointPort();
  out('[kubeconfig] Using kubeconfig folder "/etc/kubernetes"');
  // super-admin.conf (CN kubernetes-super-admin, O system:masters) is written by init from 1.29
  // (kubernetes.io "Certificate Management with kubeadm"; a published 1.29 init prints it right
  // after admin.conf), and only by init: a control plane that joins has none.
  const superAdmin = V.minor >= 29 ? [['super-admin', 'kubernetes-super-admin', 'system:masters']] : [];
  const kcs = [['admin', 'kubernetes-admin', adminGroup()], ...superAdmin, ['kubelet', `system:node:${nodeName}`, 'system:nodes'], ['controller-manager', 'system:kube-controller-manager'], ['scheduler', 'system:kube-scheduler']];
  for (const [f, cn, o] of kcs) {
    out(`[kubeconfig] Writing "${f}.conf" kubeconfig file`);
    signCert(`lab-${f}-client`, cn, o);
    writeFileSync(`/etc/kubernetes/${f}.conf`, kubeconfigYaml({ server, caPem, certPem: readFileSync(`${PKI}/lab-${f}-client.crt`, 'utf8'), keyPem: readFileSync(`${PKI}/lab-${f}-client.key`, 'utf8'), user: cn === 'kubernetes-admin' ? 'kubernetes-admin' : cn }), { mode: 0o600 });
    if (f === 'kubelet') kubeletPki(nodeName, readFileSync(`${PKI}/lab-${f}-client.crt`, 'utf8'), readFileSync(`${PKI}/lab-${f}-client.key`, 'utf8'));
    rmSync(`${PKI}/lab-${f}-client.crt`);
    rmSync(`${PKI}/lab-${f}-client.key`);
  }
  out('[kubelet-start] Starting the kubelet');
  trySh('/usr/local/bin/systemctl', ['restart', 'kubelet']);
  mkdirSync('/etc/kubernetes/manifests', { recursive: true });
  out('[control-plane] Using manifest folder "/etc/kubernetes/manifests"');
  const img = (c) => imageList(kv.full, repo).find((i) => i.includes(`/${c}:`));
  const manifest = (name, cmd) => YAML.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'kube-system', labels: { component: name, tier: 'control-plane' } }, spec: { hostNetwork: true, priorityClassName: 'system-node-critical', containers: [{ name, image: img(name === 'etcd' ? 'etcd' : name), command: cmd }] } });
  for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) out(`[control-plane] Creating static Pod manifest for "${c}"`);
  writeFileSync('/etc/kubernetes/manifests/kube-apiserver.yaml', manifest('kube-apiserver', ['kube-apiserver', `--advertise-address=${advertise}`, `--secure-port=${port}`, `--service-cluster-ip-range=${svcCIDR}`, '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key', '--etcd-servers=https://127.0.0.1:2379', `--lab-version=${kv.full}`]));
  writeFileSync('/etc/kubernetes/manifests/kube-controller-manager.yaml', manifest('kube-controller-manager', ['kube-controller-manager', '--allocate-node-cidrs=' + (podCIDR ? 'true' : 'false'), ...(podCIDR ? [`--cluster-cidr=${podCIDR}`] : [])]));
  writeFileSync('/etc/kubernetes/manifests/kube-scheduler.yaml', manifest('kube-scheduler', ['kube-scheduler']));
  out('[etcd] Creating static Pod manifest for local etcd in "/etc/kubernetes/manifests"');
  writeFileSync('/etc/kubernetes/manifests/etcd.yaml', manifest('etcd', etcdCommand(nodeName, advertise)));
  out('[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests". This can take up to 4m0s');
  const t0 = Date.now();
  const admin = loadKubeconfig('/etc/kubernetes/admin.conf');
  const okHealthy = (await waitHealthy(admin, scaled(40))) || (out('[kubelet-check] Initial timeout of 40s passed.'), await waitHealthy(admin, scaled(200)));
  if (!okHealthy) {
    out('');
    out('Unfortunately, an error has occurred:');
    out('\ttimed out waiting for the condition');
    out('');
    out('This error is likely caused by:');
    out('\t- The kubelet is not running');
    out('\t- The kubelet is unhealthy due to a misconfiguration of the node in some way (required cgroups disabled)');
    out('');
    out('If you are on a systemd-powered system, you can try to troubleshoot the error with the following commands:');
    out("\t- 'systemctl status kubelet'");
    out("\t- 'journalctl -xeu kubelet'");
    out('');
    fail('error execution phase wait-control-plane: couldn\'t initialize a Kubernetes cluster');
  }
  out(`[apiclient] All control plane components are healthy after ${((Date.now() - t0) / 1000).toFixed(6)} seconds`);
  await ensureClusterAdminsBinding();
  const clusterConfig = { apiVersion: 'kubeadm.k8s.io/v1beta2', kind: 'ClusterConfiguration', kubernetesVersion: kv.full, imageRepository: repo ?? (kv.minor >= 25 ? 'registry.k8s.io' : 'k8s.gcr.io'), controlPlaneEndpoint: cfg.cluster.controlPlaneEndpoint ?? '', networking: { dnsDomain, serviceSubnet: svcCIDR, ...(podCIDR ? { podSubnet: podCIDR } : {}) } };
  const post = async (path, obj) => {
    const r = await apiRequest(admin, 'POST', path, obj);
    if (r.status === 409) await apiRequest(admin, 'PUT', `${path}/${obj.metadata.name}`, obj);
  };
  out('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace');
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await post('/api/v1/namespaces/kube-system/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' }, data: { ClusterConfiguration: YAML.stringify(clusterConfig) } });
  const kcm = V.minor >= 24 ? 'kubelet-config' : `kubelet-config-${kv.major}.${kv.minor}`;
  out(`[kubelet] Creating a ConfigMap "${kcm}" in namespace kube-system with the configuration for the kubelets in the cluster`);
  await post('/api/v1/namespaces/kube-system/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: kcm, namespace: 'kube-system' }, data: { kubelet: readFileSync('/var/lib/kubelet/config.yaml', 'utf8') } });
  let certificateKey;
  if (has('upload-certs')) {
    certificateKey = opt('certificate-key') ?? cfg.init.certificateKey ?? randomBytes(32).toString('hex');
    await uploadCerts(admin, certificateKey, 'error execution phase upload-certs');
    out('[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace');
    out('[upload-certs] Using certificate key:');
    out(certificateKey);
  } else {
    out('[upload-certs] Skipping phase. Please see --upload-certs');
  }
  const role = kv.minor >= 24 ? 'control-plane' : 'master';
  out(`[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the label${kv.minor >= 20 && kv.minor < 24 ? 's' : ''} "node-role.kubernetes.io/${role}=''"`);
  out(`[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the taints [node-role.kubernetes.io/${role}:NoSchedule]`);
  out(`[bootstrap-token] Using token: ${token}`);
  out('[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles');
  await post('/api/v1/namespaces/kube-system/secrets', bootstrapTokenSecret(token, ttl, "The default bootstrap token generated by 'kubeadm init'."));
  const ciKubeconfig = YAML.stringify({ apiVersion: 'v1', clusters: [{ cluster: { 'certificate-authority-data': Buffer.from(caPem).toString('base64'), server }, name: '' }], contexts: null, 'current-context': '', kind: 'Config', preferences: {}, users: null });
  await post('/api/v1/namespaces/kube-public/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-info', namespace: 'kube-public' }, data: { kubeconfig: ciKubeconfig } });
  // Wait for the kubelet to register this node, then label and taint it.
  for (let i = 0; i < 60; i++) {
    const r = await apiRequest(admin, 'GET', `/api/v1/nodes/${nodeName}`);
    if (r.status === 200) {
      await apiRequest(admin, 'PATCH', `/api/v1/nodes/${nodeName}`, { metadata: { labels: { [`node-role.kubernetes.io/${role}`]: '', ...(role === 'master' && kv.minor >= 20 ? { 'node-role.kubernetes.io/control-plane': '' } : {}) } }, spec: { taints: [{ key: `node-role.kubernetes.io/${role}`, effect: 'NoSchedule' }] } });
      break;
    }
    await sleep(500);
  }
  const coredns = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system' }, spec: { replicas: 2, template: { metadata: { labels: { 'k8s-app': 'kube-dns' } }, spec: { tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: `node-role.kubernetes.io/${role}`, operator: 'Exists', effect: 'NoSchedule' }], containers: [{ name: 'coredns', image: img('coredns') }] } } } };
  await post('/apis/apps/v1/namespaces/kube-system/deployments', coredns);
  // kubeadm's CoreDNS addon also makes the kube-dns Service on the 10th address of the service
  // subnet (cmd/kubeadm/app/phases/addons/dns: GetDNSIP), the kubelets' clusterDNS.
  await post('/api/v1/namespaces/kube-system/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'KubeDNS' } }, spec: { selector: { 'k8s-app': 'kube-dns' }, clusterIP: cidrHost(svcCIDR, 10), ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] } });
  out('[addons] Applied essential addon: CoreDNS');
  const proxy = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, spec: { template: { metadata: { labels: { 'k8s-app': 'kube-proxy' } }, spec: { hostNetwork: true, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'kube-proxy', image: img('kube-proxy') }] } } } };
  await post('/apis/apps/v1/namespaces/kube-system/daemonsets', proxy);
  for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    await post('/api/v1/namespaces/kube-system/pods', controlPlaneMirrorPod(c, nodeName, advertise, img(c)));
  }
  out('[addons] Applied essential addon: kube-proxy');
  const hash = caCertHash(caPem);
  out('');
  out('Your Kubernetes control-plane has initialized successfully!');
  out('');
  out('To start using your cluster, you need to run the following as a regular user:');
  out('');
  out('  mkdir -p $HOME/.kube');
  out('  sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config');
  out('  sudo chown $(id -u):$(id -g) $HOME/.kube/config');
  out('');
  out('You should now deploy a pod network to the cluster.');
  out('Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:');
  out('  https://kubernetes.io/docs/concepts/cluster-administration/addons/');
  out('');
  const joinAt = cpe ? `${cpe.host}:${cpe.port}` : `${advertise}:${port}`;
  // kubeadm's initDoneTempl (cmd/kubeadm/app/cmd/init.go) with a controlPlaneEndpoint and
  // --upload-certs, as published outputs print it (kubernetes.io "Creating Highly Available
  // Clusters with kubeadm").
  if (cpe && certificateKey) {
    out('You can now join any number of the control-plane node running the following command on each as root:');
    out('');
    out(`  kubeadm join ${joinAt} --token ${token} \\`);
    out(`\t--discovery-token-ca-cert-hash ${hash} \\`);
    out(`\t--control-plane --certificate-key ${certificateKey}`);
    out('');
    out('Please note that the certificate-key gives access to cluster sensitive data, keep it secret!');
    out('As a safeguard, uploaded-certs will be deleted in two hours; If necessary, you can use');
    out('"kubeadm init phase upload-certs --upload-certs" to reload certs afterward.');
    out('');
  }
  out('Then you can join any number of worker nodes by running the following on each as root:');
  out('');
  out(`kubeadm join ${joinAt} --token ${token} \\`);
  out(`    --discovery-token-ca-cert-hash ${hash} `);
}

/** `controlPlaneEndpoint` (config or flag) as host and port (the bind port when it has none). */
function controlPlaneEndpoint(cfg, bindPort) {
  const text = opt('control-plane-endpoint', cfg.cluster.controlPlaneEndpoint);
  if (!text) return undefined;
  const m = /^(.*?)(?::(\d+))?$/.exec(text);
  return { host: m[1], port: m[2] ? Number(m[2]) : bindPort };
}

function warnEndpointPort() {
  const t = new Date();
  const p2 = (n) => String(n).padStart(2, '0');
  // A klog warning line (endpoint.go's `klog.Warning`), as a real init prints it on stderr.
  err(`W${p2(t.getMonth() + 1)}${p2(t.getDate())} ${p2(t.getHours())}:${p2(t.getMinutes())}:${p2(t.getSeconds())}.000000 ${process.pid} endpoint.go:57] [endpoint] WARNING: port specified in controlPlaneEndpoint overrides bindPort in the controlplane address`);
}

/**
 * The API server's serving certificate (certlist.go, GetAPIServerAltNames): the node name, the
 * kubernetes service names, the service IP and the advertise address, plus the
 * controlPlaneEndpoint's host and apiServer.certSANs.
 */
function apiserverCert(nodeName, dnsDomain, svcIp, advertise, cpe, certSANs) {
  const isIp = (h) => /^\d+\.\d+\.\d+\.\d+$/.test(h);
  const dns = [nodeName, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${dnsDomain}`];
  const ips = [svcIp, advertise];
  for (const h of [...(cpe ? [cpe.host] : []), ...certSANs]) {
    const list = isIp(h) ? ips : dns;
    if (!list.includes(h)) list.push(h);
  }
  out(`[certs] apiserver serving cert is signed for DNS names [${dns.join(' ')}] and IPs [${ips.join(' ')}]`);
  signCert('apiserver', 'kube-apiserver', undefined, [...dns.map((d) => `DNS:${d}`), ...ips.map((i) => `IP:${i}`)].join(','));
}

/**
 * A control-plane component's mirror pod. The etcd one carries the annotation kubeadm writes into
 * etcd's static pod (kubeadm.kubernetes.io/etcd.advertise-client-urls, constants.go
 * EtcdAdvertiseClientUrlsAnnotationKey), which a joining control plane reads etcd's address from.
 */
function controlPlaneMirrorPod(c, nodeName, advertise, image) {
  const annotations = c === 'etcd' ? { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${advertise}:2379` } : undefined;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${c}-${nodeName}`, namespace: 'kube-system', labels: { component: c, tier: 'control-plane' }, ...(annotations ? { annotations } : {}) }, spec: { nodeName, hostNetwork: true, containers: [{ name: c, image }] } };
}

// ------------------------------------------------------------------ join

// Retry a request while it fails at the connection level or with a 5xx (an API server under load),
// until `seconds` have passed; the last error or response is what the caller sees.
async function retryTransient(request, seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const r = await request();
      if (r.status < 500 || Date.now() >= deadline) return r;
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    }
    await sleep(1000);
  }
}

// Flags kubeadm accepts next to --config; any other is refused before anything runs, with the
// names in pflag's (sorted) order. kubernetes/kubernetes cmd/kubeadm/app/apis/kubeadm/validation/
// validation.go, ValidateMixedArguments and isAllowedFlag (e.g. "can not mix '--config' with
// arguments [discovery-token-ca-cert-hash token]").
const CONFIG_COMPANIONS = new Set(['config', 'ignore-preflight-errors', 'dry-run', 'kubeconfig', 'node-name', 'kubeconfig-dir', 'upload-certs', 'print-join-command', 'rootfs', 'v', 'log-file']);
function refuseMixedArguments() {
  if (!has('config')) return;
  const names = [...new Set(args.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]))];
  const mixed = names.filter((n) => !CONFIG_COMPANIONS.has(n) && !n.startsWith('skip-')).sort();
  if (mixed.length) fail(`can not mix '--config' with arguments [${mixed.join(' ')}]`);
}

// The kubeadm config API versions this kubeadm reads (common/catalog/kubernetesVersions.ts:
// v1beta2 from 1.15, removed in 1.26 by kubernetes/kubernetes#114540; v1beta3 from 1.22; v1beta4
// from 1.31). A removed one is refused as cmd/kubeadm/app/util/config/common.go
// validateSupportedVersion words it; a newer one is unknown to the scheme (the runtime's
// "no kind ... is registered" error, as users report it, e.g. for a ClusterConfiguration).
function checkConfigApi(doc) {
  const gv = doc.apiVersion ?? '';
  const ver = gv.replace(/^kubeadm\.k8s\.io\//, '');
  if (ver === 'v1beta2' && V.minor >= 26) fail(`your configuration file uses an old API spec: "${gv}" (kind: "${doc.kind}"). Please use kubeadm v1.22 instead and run 'kubeadm config migrate --old-config old.yaml --new-config new.yaml', which will write the new, similar spec using a newer API version.`);
  const since = { v1beta2: 15, v1beta3: 22, v1beta4: 31 }[ver];
  if (!gv.startsWith('kubeadm.k8s.io/') || since === undefined || V.minor < since) fail(`no kind "${doc.kind}" is registered for version "${gv}" in scheme "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/scheme/scheme.go:31"`);
}

// nodeRegistration.kubeletExtraArgs: a map up to v1beta3, a list of {name, value} from v1beta4
// (kubeadm-config.v1beta4: "kubeletExtraArgs ... []Arg"). kubeadm writes them, sorted by name,
// into KUBELET_KUBEADM_ARGS of /var/lib/kubelet/kubeadm-flags.env (WriteKubeletDynamicEnvFile).
function kubeletExtraArgs(reg) {
  const a = reg?.kubeletExtraArgs;
  if (!a) return {};
  return Array.isArray(a) ? Object.fromEntries(a.map((x) => [x.name, x.value])) : a;
}

async function join() {
  refuseMixedArguments();
  const cfg = readConfig();
  if (has('config') && cfg.join.kind) checkConfigApi(cfg.join);
  const socket = criSocketFor(cfg.join.nodeRegistration);
  const ignore = [...optAll('ignore-preflight-errors'), ...(cfg.join.nodeRegistration?.ignorePreflightErrors ?? [])].map((s) => s.toLowerCase());
  // With --config the file alone says where and how to discover (flags bound to it are refused above).
  const endpoint = has('config') ? cfg.join.discovery?.bootstrapToken?.apiServerEndpoint : positional[1];
  const token = has('config') ? cfg.join.discovery?.bootstrapToken?.token : opt('token', opt('discovery-token'));
  // The TLS bootstrap token defaults to the discovery token (v1beta* SetDefaults_Discovery).
  const tlsToken = (has('config') ? cfg.join.discovery?.tlsBootstrapToken : opt('tls-bootstrap-token')) || token;
  const pins = optAll('discovery-token-ca-cert-hash').concat(cfg.join.discovery?.bootstrapToken?.caCertHashes ?? []);
  const unsafe = has('discovery-token-unsafe-skip-ca-verification') || cfg.join.discovery?.bootstrapToken?.unsafeSkipCAVerification === true;
  if (!endpoint || !token) fail('discovery: Invalid value: "": bootstrapToken or file must be set');
  if (!/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token)) fail(`[discovery.bootstrapToken.token: Invalid value: "${token}": the bootstrap token is invalid, discovery.tlsBootstrapToken: Invalid value: "${token}": the bootstrap token is invalid]`);
  if (!pins.length && !unsafe) fail('discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue');
  for (const p of pins) if (!/^sha256:[0-9a-f]{64}$/.test(p)) fail(`invalid hash "${p}", expected a "sha256" hash`);
  preflight('join', ignore, [['/etc/kubernetes/kubelet.conf', 'FileAvailable--etc-kubernetes-kubelet.conf'], ['/etc/kubernetes/pki/ca.crt', 'FileAvailable--etc-kubernetes-pki-ca.crt']], socket);
  const [id, secret] = token.split('.');
  const conn = { server: `https://${endpoint}` };
  const deadline = Date.now() + scaled(300) * 1000;
  let last = '';
  let ci;
  while (Date.now() < deadline) {
    try {
      const r = await apiRequest(conn, 'GET', '/api/v1/namespaces/kube-public/configmaps/cluster-info', undefined, { insecure: true, timeoutMs: Math.min(10000, scaled(10) * 1000) });
      if (r.status === 200 && r.body.data?.[`jws-kubeconfig-${id}`]) {
        ci = r.body;
        break;
      }
      last = r.status === 200 ? `token id "${id}" is invalid for this cluster or it has expired. Use "kubeadm token create" on the control-plane node to create a new valid token` : `unexpected status ${r.status}`;
    } catch (e) {
      last = `Get "https://${endpoint}/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s": ${dialError(e, endpoint)}`;
    }
    await sleep(1000);
  }
  if (!ci) fail(`error execution phase preflight: couldn't validate the identity of the API Server: ${last || 'abort connecting to API servers after timeout of 5m0s'}`);
  const kc = ci.data.kubeconfig;
  if (jwsDetached(kc, id, secret) !== ci.data[`jws-kubeconfig-${id}`]) fail(`error execution phase preflight: couldn't validate the identity of the API Server: failed to verify JWS signature of received cluster info object, can't trust this API Server`);
  const caPem = Buffer.from(YAML.parse(kc).clusters[0].cluster['certificate-authority-data'], 'base64').toString();
  const actual = caCertHash(caPem);
  if (!unsafe && !pins.includes(actual)) fail(`error execution phase preflight: couldn't validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${actual}" are pinned`);
  const ca = new X509Certificate(caPem);
  if (nodeNow() < Date.parse(ca.validFrom)) fail(`error execution phase kubelet-start: could not bootstrap the kubelet: x509: certificate has expired or is not yet valid: current time ${new Date(nodeNow()).toISOString().replace(/\.\d+Z$/, 'Z')} is before ${new Date(ca.validFrom).toISOString().replace(/\.\d+Z$/, 'Z')}`);
  const server = YAML.parse(kc).clusters[0].cluster.server;
  const bconn = { server, ca: caPem, token: tlsToken };
  out('[preflight] Reading configuration from the cluster...');
  out("[preflight] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -oyaml'");
  // `--control-plane` (or JoinConfiguration.controlPlane): control-plane-prepare before the
  // kubelet starts, as kubeadm's join phases run (cmd/kubeadm/app/cmd/join.go).
  const cpJoin = cfg.join.controlPlane ?? (has('control-plane') ? { certificateKey: opt('certificate-key'), localAPIEndpoint: { advertiseAddress: opt('apiserver-advertise-address'), bindPort: Number(opt('apiserver-bind-port', 6443)) } } : undefined);
  const cpNodeName = opt('node-name', cfg.join.nodeRegistration?.name ?? hostname);
  const cpState = cpJoin ? await prepareControlPlane(bconn, cpJoin, cpNodeName, caPem) : undefined;
  const kcmName = V.minor >= 24 ? 'kubelet-config' : `kubelet-config-${V.major}.${V.minor}`;
  // kubeadm reads this ConfigMap with apiclient.GetConfigMapWithRetry (cmd/kubeadm/app/util/apiclient),
  // so a dropped connection to a busy API server is retried, not fatal.
  const kcm = await retryTransient(() => apiRequest(bconn, 'GET', `/api/v1/namespaces/kube-system/configmaps/${kcmName}`), scaled(40));
  if (kcm.status !== 200) fail(`error execution phase kubelet-start: cannot get ConfigMap "${kcmName}" in the "kube-system" namespace: configmaps "${kcmName}" not found`);
  out(`[kubelet-start] Downloading configuration for the kubelet from the "${kcmName}" ConfigMap in the kube-system namespace`);
  mkdirSync('/var/lib/kubelet', { recursive: true });
  mkdirSync(PKI, { recursive: true });
  out('[kubelet-start] Writing kubelet configuration to file "/var/lib/kubelet/config.yaml"');
  writeFileSync('/var/lib/kubelet/config.yaml', kcm.body.data.kubelet);
  out('[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"');
  const flags = { 'network-plugin': 'cni', ...(V.minor >= 24 ? { 'container-runtime-endpoint': socket } : {}), ...kubeletExtraArgs(cfg.join.nodeRegistration) };
  writeFileSync('/var/lib/kubelet/kubeadm-flags.env', `KUBELET_KUBEADM_ARGS="${Object.keys(flags).sort().map((k) => `--${k}=${flags[k]}`).join(' ')}"\n`);
  writeFileSync(`${PKI}/ca.crt`, caPem);
  // TLS bootstrap: key + CSR, signed by the cluster.
  const nodeName = opt('node-name', cfg.join.nodeRegistration?.name ?? hostname);
  const key = execFileSync('openssl', ['genrsa', '2048'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  mkdirSync('/var/lib/kubelet/pki', { recursive: true });
  writeFileSync('/var/lib/kubelet/pki/kubelet-client.key', key, { mode: 0o600 });
  const csr = execFileSync('openssl', ['req', '-new', '-key', '/var/lib/kubelet/pki/kubelet-client.key', '-subj', `/CN=system:node:${nodeName}/O=system:nodes`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  out('[kubelet-start] Starting the kubelet');
  out('[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap...');
  // The kubelet's TLS bootstrap (client-go) retries the CSR until kubeadm's TLS bootstrap timeout;
  // a connection reset by a busy API server is not the end of the join.
  const r = await retryTransient(() => apiRequest(bconn, 'POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: `node-csr-${randomBytes(8).toString('hex')}` }, spec: { request: Buffer.from(csr).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'key encipherment', 'client auth'] } }), scaled(40));
  if (r.status !== 201) fail(`error execution phase kubelet-start: error uploading crisocket: ${r.body?.message ?? r.status}`);
  const cert = Buffer.from(r.body.status.certificate, 'base64').toString();
  kubeletPki(nodeName, cert, key);
  // The kubelet's TLS bootstrap writes kubelet.conf pointing at its rotatable certificate file,
  // not embedding it (pkg/kubelet/certificate/bootstrap/bootstrap.go writeKubeconfigFromBootstrapping:
  // client-certificate and client-key both /var/lib/kubelet/pki/kubelet-client-current.pem).
  const current = '/var/lib/kubelet/pki/kubelet-client-current.pem';
  const bootstrapped = YAML.parse(kubeconfigYaml({ server, caPem, certPem: cert, keyPem: key, user: 'default-auth', cluster: 'default-cluster' }));
  bootstrapped.users = [{ name: 'default-auth', user: { 'client-certificate': current, 'client-key': current } }];
  writeFileSync('/etc/kubernetes/kubelet.conf', YAML.stringify(bootstrapped), { mode: 0o600 });
  trySh('/usr/local/bin/systemctl', ['restart', 'kubelet']);
  // Wait for the kubelet to register the node. A scenario's timeoutScale shortens kubeadm's waits,
  // but never below the 15 s a lab kubelet may need to restart and register on a loaded machine
  // (at 0.03 the 40 s wait was 1.5 s and a healthy join failed with "error uploading crisocket").
  const nconn = loadKubeconfig('/etc/kubernetes/kubelet.conf');
  let okReg = false;
  for (let i = 0; i < Math.max(scaled(40), 15) * 2 && !okReg; i++) {
    okReg = (await apiRequest(nconn, 'GET', `/api/v1/nodes/${nodeName}`).catch(() => ({ status: 0 }))).status === 200;
    if (!okReg) await sleep(500);
  }
  if (!okReg) {
    out('[kubelet-check] Initial timeout of 40s passed.');
    fail('error execution phase kubelet-start: error uploading crisocket: timed out waiting for the condition');
  }
  if (cpState) return finishControlPlaneJoin(cpState, nodeName);
  out('');
  out('This node has joined the cluster:');
  out('* Certificate signing request was sent to apiserver and a response was received.');
  out('* The Kubelet was informed of the new secure connection details.');
  out('');
  out("Run 'kubectl get nodes' on the control-plane to see this node join the cluster.");
  out('');
}

/**
 * `kubeadm init phase upload-certs --upload-certs [--certificate-key K]` on a control plane:
 * without --upload-certs the phase is skipped; a key is made when none is given. Output as
 * kubeadm prints it (cmd/kubeadm/app/cmd/phases/init/uploadcerts.go runUploadCerts).
 */
async function uploadCertsPhase() {
  if (!has('upload-certs')) {
    out('[upload-certs] Skipping phase. Please see --upload-certs');
    return;
  }
  const key = opt('certificate-key') ?? randomBytes(32).toString('hex');
  await uploadCerts(loadKubeconfig('/etc/kubernetes/admin.conf'), key, 'error execution phase upload-certs');
  out('[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace');
  out('[upload-certs] Using certificate key:');
  out(key);
}

// ------------------------------------------------------------------ join --control-plane

/**
 * control-plane-prepare (cmd/kubeadm/app/cmd/phases/join/controlplaneprepare.go): the cluster
 * must have a controlPlaneEndpoint; the shared certificates come from the kubeadm-certs Secret,
 * decrypted with the certificate key; this node's own certificates, kubeconfigs and static pods
 * are made. The existing etcd member's address is the one kubeadm annotates etcd's pod with; this
 * node's own member is added after the kubelet started (joinEtcd).
 */
async function prepareControlPlane(bconn, cp, nodeName, caPem) {
  const cm = await retryTransient(() => apiRequest(bconn, 'GET', '/api/v1/namespaces/kube-system/configmaps/kubeadm-config'), scaled(40));
  const cluster = YAML.parse(cm.body?.data?.ClusterConfiguration ?? '{}') ?? {};
  out('[preflight] Running pre-flight checks before initializing the new control plane instance');
  if (!cluster.controlPlaneEndpoint) {
    fail("error execution phase preflight: \nOne or more conditions for hosting a new control plane instance is not satisfied.\n\nunable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address\n\nPlease ensure that:\n* The cluster has a stable controlPlaneEndpoint address.\n* The certificates that must be shared among control plane instances are provided.\n");
  }
  const advertise = cp.localAPIEndpoint?.advertiseAddress || env.LAB_IP;
  const port = Number(cp.localAPIEndpoint?.bindPort ?? 6443);
  const cpe = controlPlaneEndpoint({ cluster }, port);
  out('[download-certs] Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace');
  const sec = await retryTransient(() => apiRequest(bconn, 'GET', '/api/v1/namespaces/kube-system/secrets/kubeadm-certs'), scaled(40));
  if (sec.status === 404) fail('error execution phase control-plane-prepare/download-certs: error downloading certs: error downloading the secret: Secret "kubeadm-certs" was not found in the "kube-system" Namespace. This Secret might have expired. Please, run `kubeadm init phase upload-certs --upload-certs` on a control plane to generate a new one');
  if (sec.status !== 200) fail(`error execution phase control-plane-prepare/download-certs: error downloading certs: error downloading the secret: ${sec.body?.message ?? sec.status}`);
  mkdirSync(PKI, { recursive: true });
  try {
    writeDownloadedCerts(sec.body, cp.certificateKey ?? '');
  } catch (e) {
    fail(`error execution phase control-plane-prepare/download-certs: error downloading certs: ${e.message}`);
  }
  out(`[certs] Using certificateDir folder "${PKI}"`);
  const svcCIDR = cluster.networking?.serviceSubnet ?? '10.96.0.0/12';
  const dnsDomain = cluster.networking?.dnsDomain ?? 'cluster.local';
  for (const c of ['apiserver-kubelet-client', 'front-proxy-client', 'etcd/server', 'etcd/peer', 'etcd/healthcheck-client', 'apiserver-etcd-client']) out(`[certs] Generating "${c}" certificate and key`);
  out('[certs] Generating "apiserver" certificate and key');
  apiserverCert(nodeName, dnsDomain, svcCIDR.replace(/\.0\/\d+$/, '.1'), advertise, cpe, cluster.apiServer?.certSANs ?? []);
  etcdPki(nodeName, advertise);
  clusterLeafPki();
  out('[certs] Valid certificates and keys now exist in "/etc/kubernetes/pki"');
  out('[certs] Using the existing "sa" key');
  const server = `https://${cpe.host}:${cpe.port}`;
  out('[kubeconfig] Generating kubeconfig files');
  out('[kubeconfig] Using kubeconfig folder "/etc/kubernetes"');
  if (cpe.port !== port) warnEndpointPort();
  for (const [f, cn, o] of [['admin', 'kubernetes-admin', adminGroup()], ['controller-manager', 'system:kube-controller-manager'], ['scheduler', 'system:kube-scheduler']]) {
    out(`[kubeconfig] Writing "${f}.conf" kubeconfig file`);
    signCert(`lab-${f}-client`, cn, o);
    writeFileSync(`/etc/kubernetes/${f}.conf`, kubeconfigYaml({ server, caPem, certPem: readFileSync(`${PKI}/lab-${f}-client.crt`, 'utf8'), keyPem: readFileSync(`${PKI}/lab-${f}-client.key`, 'utf8'), user: cn }), { mode: 0o600 });
    rmSync(`${PKI}/lab-${f}-client.crt`);
    rmSync(`${PKI}/lab-${f}-client.key`);
  }
  const admin = loadKubeconfig('/etc/kubernetes/admin.conf');
  const pods = await retryTransient(() => apiRequest(admin, 'GET', '/api/v1/namespaces/kube-system/pods?labelSelector=component%3Detcd'), scaled(40));
  const etcdUrl = (pods.body?.items ?? []).map((p) => p.metadata?.annotations?.['kubeadm.kubernetes.io/etcd.advertise-client-urls']).find(Boolean);
  if (!etcdUrl) fail('error execution phase control-plane-join/etcd: error creating local etcd static pod manifest file: etcd cluster is not healthy: no etcd member found');
  rmSync('/etc/kubernetes/manifests/etcd.yaml', { force: true });
  const kv = kubeVersion(String(cluster.kubernetesVersion ?? V.full).replace(/^v/, ''));
  const images = imageList(kv.full, cluster.imageRepository);
  const img = (c) => images.find((i) => i.includes(`/${c}:`));
  mkdirSync('/etc/kubernetes/manifests', { recursive: true });
  out('[control-plane] Using manifest folder "/etc/kubernetes/manifests"');
  for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) out(`[control-plane] Creating static Pod manifest for "${c}"`);
  const podCIDR = cluster.networking?.podSubnet;
  writeFileSync('/etc/kubernetes/manifests/kube-apiserver.yaml', staticPodYaml('kube-apiserver', img('kube-apiserver'), ['kube-apiserver', `--advertise-address=${advertise}`, `--secure-port=${port}`, `--service-cluster-ip-range=${svcCIDR}`, '--client-ca-file=/etc/kubernetes/pki/ca.crt', '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key', '--etcd-servers=https://127.0.0.1:2379', `--lab-version=${kv.full}`]));
  writeFileSync('/etc/kubernetes/manifests/kube-controller-manager.yaml', staticPodYaml('kube-controller-manager', img('kube-controller-manager'), ['kube-controller-manager', '--allocate-node-cidrs=' + (podCIDR ? 'true' : 'false'), ...(podCIDR ? [`--cluster-cidr=${podCIDR}`] : [])]));
  writeFileSync('/etc/kubernetes/manifests/kube-scheduler.yaml', staticPodYaml('kube-scheduler', img('kube-scheduler'), ['kube-scheduler']));
  return { admin, advertise, kv, img, etcdUrl };
}

/**
 * control-plane-join/etcd for stacked etcd, after the kubelet started: the new member is added
 * through an existing one (kubeadm's etcd client AddMember, cmd/kubeadm/app/util/etcd/etcd.go; here
 * Debian's real etcdctl with the healthcheck client certificate), then its static pod joins the
 * existing cluster (`--initial-cluster` = every member, `--initial-cluster-state=existing`:
 * cmd/kubeadm/app/phases/etcd/local.go CreateStackedEtcdStaticPodManifestFile), and kubeadm waits
 * for the cluster to be available again.
 */
async function joinEtcd(nodeName, advertise, etcdUrl, image) {
  const etcdctl = (endpoint, ...a) => execFileSync('/usr/bin/etcdctl', [`--endpoints=${endpoint}`, `--cacert=${PKI}/etcd/ca.crt`, `--cert=${PKI}/etcd/healthcheck-client.crt`, `--key=${PKI}/etcd/healthcheck-client.key`, '--dial-timeout=5s', ...a], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const peer = `https://${advertise}:2380`;
  const members = etcdctl(etcdUrl, 'member', 'list', '-w', 'json');
  const known = (JSON.parse(members).members ?? []).some((m) => (m.peerURLs ?? []).includes(peer));
  out(`[etcd] Announced new etcd member joining to the existing etcd cluster`);
  let initial;
  if (known) {
    initial = (JSON.parse(members).members ?? []).map((m) => `${m.name || nodeName}=${m.peerURLs[0]}`).join(',');
  } else {
    const added = etcdctl(etcdUrl, 'member', 'add', nodeName, `--peer-urls=${peer}`);
    initial = /ETCD_INITIAL_CLUSTER="([^"]*)"/.exec(added)?.[1];
    if (!initial) fail(`error execution phase control-plane-join/etcd: error creating local etcd static pod manifest file: ${added.trim()}`);
  }
  out('[etcd] Creating static Pod manifest for "etcd"');
  const cmd = etcdCommand(nodeName, advertise).map((a) => (a.startsWith('--initial-cluster=') ? `--initial-cluster=${initial}` : a));
  writeFileSync('/etc/kubernetes/manifests/etcd.yaml', staticPodYaml('etcd', image, [...cmd, '--initial-cluster-state=existing']));
  out('[etcd] Waiting for the new etcd member to join the cluster. This can take up to 40s');
  for (let i = 0; i < scaled(40) * 2 + 20; i++) {
    try {
      etcdctl('https://127.0.0.1:2379', 'endpoint', 'health');
      return;
    } catch {
      await sleep(500);
    }
  }
  fail('error execution phase control-plane-join/etcd: error creating local etcd static pod manifest file: timeout waiting for etcd cluster to be available');
}

function staticPodYaml(name, image, command) {
  return YAML.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'kube-system', labels: { component: name, tier: 'control-plane' } }, spec: { hostNetwork: true, priorityClassName: 'system-node-critical', containers: [{ name, image, command }] } });
}

/** control-plane-join: mark the node (label, taint) and print kubeadm's joinDoneMsgf (join.go). */
async function finishControlPlaneJoin({ admin, advertise, kv, img, etcdUrl }, nodeName) {
  await joinEtcd(nodeName, advertise, etcdUrl, img('etcd'));
  out('[control-plane-join] Using existing control plane');
  const role = kv.minor >= 24 ? 'control-plane' : 'master';
  out(`[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the label${kv.minor >= 20 && kv.minor < 24 ? 's' : ''} "node-role.kubernetes.io/${role}=''"`);
  out(`[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the taints [node-role.kubernetes.io/${role}:NoSchedule]`);
  await retryTransient(() => apiRequest(admin, 'PATCH', `/api/v1/nodes/${nodeName}`, { metadata: { labels: { [`node-role.kubernetes.io/${role}`]: '', ...(role === 'master' && kv.minor >= 20 ? { 'node-role.kubernetes.io/control-plane': '' } : {}) } }, spec: { taints: [{ key: `node-role.kubernetes.io/${role}`, effect: 'NoSchedule' }] } }), scaled(40));
  for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    await retryTransient(() => apiRequest(admin, 'POST', '/api/v1/namespaces/kube-system/pods', controlPlaneMirrorPod(c, nodeName, advertise, img(c))), scaled(40));
  }
  out('');
  out('This node has joined the cluster and a new control plane instance was created:');
  out('');
  out('* Certificate signing request was sent to apiserver and approval was received.');
  out('* The Kubelet was informed of the new secure connection details.');
  out('* Control plane label and taint were applied to the new node.');
  out('* The Kubernetes control plane instances scaled up.');
  out('* A new etcd member was added to the local/stacked etcd cluster.');
  out('');
  out('To start administering your cluster from this node, you need to run the following as a regular user:');
  out('');
  out('\tmkdir -p $HOME/.kube');
  out('\tsudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config');
  out('\tsudo chown $(id -u):$(id -g) $HOME/.kube/config');
  out('');
  out("Run 'kubectl get nodes' to see this node join the cluster.");
  out('');
}

// ------------------------------------------------------------------ token, reset, version, config

async function tokenCmd() {
  const sub = positional[1] ?? 'list';
  // kubeadm token's --kubeconfig (default /etc/kubernetes/admin.conf: cmd/kubeadm/app/cmd/token.go).
  const admin = loadKubeconfig(opt('kubeconfig', '/etc/kubernetes/admin.conf'));
  if (sub === 'create') {
    const token = positional[2] ?? randomToken();
    const ttl = parseTtl(opt('ttl')) ?? Number(env.LAB_CLUSTER_TOKEN_TTL ?? 86400);
    const r = await apiRequest(admin, 'POST', '/api/v1/namespaces/kube-system/secrets', bootstrapTokenSecret(token, ttl, opt('description') ?? ''));
    if (r.status !== 201) fail(`failed to create or update bootstrap token with name bootstrap-token-${token.split('.')[0]}: ${r.body?.message}`);
    if (has('print-join-command')) {
      const caPem = readFileSync(`${PKI}/ca.crt`, 'utf8');
      const server = loadKubeconfig('/etc/kubernetes/admin.conf').server.replace(/^https:\/\//, '');
      out(`kubeadm join ${server} --token ${token} --discovery-token-ca-cert-hash ${caCertHash(caPem)} `);
    } else out(token);
  } else if (sub === 'list') {
    const r = await apiRequest(admin, 'GET', '/api/v1/namespaces/kube-system/secrets');
    const d = (v) => Buffer.from(v ?? '', 'base64').toString();
    const tokens = (r.body.items ?? [])
      .filter((s) => s.type === 'bootstrap.kubernetes.io/token')
      .map((s) => {
        const exp = s.data.expiration ? d(s.data.expiration) : '';
        const usages = ['authentication', 'signing'].filter((u) => d(s.data[`usage-bootstrap-${u}`]) === 'true').join(',');
        return { token: `${d(s.data['token-id'])}.${d(s.data['token-secret'])}`, ttl: exp ? shortHumanDuration(Date.parse(exp) - nodeNow()) : '<forever>', expires: exp || '<never>', usages: usages || '<none>', description: d(s.data.description) || '<none>', groups: d(s.data['auth-extra-groups']) || '<none>' };
      });
    for (const line of tokenListLines(tokens)) out(line);
  } else if (sub === 'delete') {
    for (const t of positional.slice(2)) {
      await apiRequest(admin, 'DELETE', `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${t.split('.')[0]}`);
      out(`bootstrap token "${t.split('.')[0]}" deleted`);
    }
  } else if (sub === 'generate') out(randomToken());
}

// Whether the certs commands can read the kubeadm-config ConfigMap with admin.conf (./certs.mjs
// configLines): 'no-client' without admin.conf, 'fallback' when the API server does not serve it.
async function clusterConfig() {
  const kc = '/etc/kubernetes/admin.conf';
  if (!existsSync(kc)) return 'no-client';
  try {
    const r = await apiRequest(loadKubeconfig(kc), 'GET', '/api/v1/namespaces/kube-system/configmaps/kubeadm-config');
    return r.status === 200 ? 'read' : 'fallback';
  } catch {
    return 'fallback';
  }
}

// `kubeadm certs check-expiration` (1.20+; `kubeadm alpha certs check-expiration` 1.15–1.20): the
// preamble kubeadm printed through 1.30 (published outputs in tests/fixtures/real/check-expiration),
// then the tables over the real files (./certs.mjs). `ca.crt` missing is fatal, as in kubeadm.
async function checkExpiration() {
  const dir = opt('cert-dir', PKI);
  if (!existsSync(`${dir}/ca.crt`)) fail(`failed to load existing certificate ca: open ${dir}/ca.crt: no such file or directory`);
  for (const line of configLines('check-expiration', await clusterConfig())) out(line);
  for (const line of checkExpirationTable(V, { pkiDir: dir, kubeconfigDir: '/etc/kubernetes' }, nodeNow())) out(line);
}

// `kubeadm certs renew <name>|all` (`kubeadm alpha certs renew` before 1.20): re-signs the real
// files with their CA (./certs.mjs renewCertificate) and prints what kubeadm prints for each one.
// An unknown name is cobra's unknown command, as for any other subcommand.
async function certsRenew(name, parent) {
  const dir = opt('cert-dir', PKI);
  const handlers = renewHandlers(V, { localEtcd: existsSync(`${dir}/etcd/ca.crt`) });
  const chosen = name === 'all' ? handlers : handlers.filter((h) => h.name === name);
  if (chosen.length === 0) fail(`unknown command "${name ?? ''}" for "${parent} renew"`);
  const dirs = { pkiDir: dir, kubeconfigDir: '/etc/kubernetes' };
  const results = chosen.map((handler) => ({ handler, outcome: renewCertificate(handler, dirs, nodeNow()) }));
  for (const line of renewLines(V, results, { all: name === 'all', config: await clusterConfig() })) out(line);
}

async function reset() {
  // Without --cri-socket, reset detects the socket before it asks anything (published v1.25.0
  // output, tests/fixtures/real/multiple-cri-reset-kubeadm-1616.txt; the lab has no cluster-side
  // record of the node's socket to read first).
  criSocketFor(undefined);
  if (!has('force') && !args.includes('-f')) {
    process.stdout.write('[reset] WARNING: Changes made to this host by \'kubeadm init\' or \'kubeadm join\' will be reverted.\n[reset] Are you sure you want to proceed? [y/N]: ');
    const answer = await new Promise((r) => process.stdin.once('data', (d) => r(String(d).trim())).once('end', () => r('')));
    if (!/^y(es)?$/i.test(answer)) fail('error execution phase preflight: won\'t proceed; the user didn\'t answer (Y|y) in order to continue');
  }
  out('[preflight] Running pre-flight checks');
  await removeEtcdMemberPhase();
  out('[reset] Stopping the kubelet service');
  trySh('/usr/local/bin/systemctl', ['stop', 'kubelet']);
  // The control plane's static pod "containers" go with it: the API server, the etcd member and
  // kube-vip (which gives its VIP up on SIGTERM).
  for (const f of ['kube-apiserver', 'etcd', 'kube-vip']) {
    const pid = trySh('cat', [`/run/lab-systemd/${f}.pid`])?.trim();
    if (pid) trySh('kill', [pid]);
    rmSync(`/run/lab-systemd/${f}.pid`, { force: true });
  }
  rmSync('/run/lab-systemd/etcd.down', { force: true });
  out('[reset] Unmounting mounted directories in "/var/lib/kubelet"');
  out('[reset] Deleting contents of config directories: [/etc/kubernetes/manifests /etc/kubernetes/pki]');
  out('[reset] Deleting files: [/etc/kubernetes/admin.conf /etc/kubernetes/kubelet.conf /etc/kubernetes/bootstrap-kubelet.conf /etc/kubernetes/controller-manager.conf /etc/kubernetes/scheduler.conf]');
  out('[reset] Deleting contents of stateful directories: [/var/lib/etcd /var/lib/kubelet /var/lib/dockershim /var/run/kubernetes /var/lib/cni]');
  for (const p of ['/etc/kubernetes/manifests', '/etc/kubernetes/pki', '/var/lib/etcd', '/var/lib/kubelet', '/var/lib/cni']) rmSync(p, { recursive: true, force: true });
  for (const f of ['admin', 'kubelet', 'bootstrap-kubelet', 'controller-manager', 'scheduler']) rmSync(`/etc/kubernetes/${f}.conf`, { force: true });
  mkdirSync('/etc/kubernetes/manifests', { recursive: true });
  out('');
  out('The reset process does not clean CNI configuration. To do so, you must remove /etc/cni/net.d');
  out('');
  out('The reset process does not reset or clean up iptables rules or IPVS tables.');
  out('If you wish to reset iptables, you must do so manually by using the "iptables" command.');
  out('');
  out('If your cluster was setup to utilize IPVS, run ipvsadm --clear (or similar)');
  out('to reset your system\'s IPVS tables.');
  out('');
  out('The reset process does not clean your kubeconfig files and you must remove them manually.');
  out('Please, check the contents of the $HOME/.kube/config file.');
}

const sub = positional[0];
switch (sub) {
  case 'version': {
    if (opt('output', opt('o')) === 'short' || args.includes('-oshort')) out(V.full);
    else out(`kubeadm version: &version.Info{Major:"${V.major}", Minor:"${V.minor}", GitVersion:"${V.full}", GitCommit:"52c56ce7a8272c798dbc29846288d7cd9fbae032", GitTreeState:"clean", BuildDate:"2020-04-16T11:54:15Z", GoVersion:"go1.13.9", Compiler:"gc", Platform:"linux/amd64"}`);
    break;
  }
  case 'config': {
    const cfg = readConfig();
    const version = opt('kubernetes-version', cfg.cluster.kubernetesVersion ?? V.full);
    const repo = opt('image-repository', cfg.cluster.imageRepository);
    const images = imageList(version, repo, V.full);
    if (positional[1] === 'images' && positional[2] === 'list') images.forEach((i) => out(i));
    else if (positional[1] === 'images' && positional[2] === 'pull') {
      criSocketFor(cfg.init.nodeRegistration);
      // `config images pull` always pulls, held or not (cmd/kubeadm/app/cmd/config.go
      // PullControlPlaneImages, v1.18.0–v1.30.0: runtime.PullImage per image, no ImageExists), and
      // a runtime's pull asks the registry even for an image it holds: offline it fails.
      for (const i of images) {
        if (registryBlocked(i)) fail(`failed to pull image "${i}": output: Error response from daemon: ${blockedPullError(i)}\n, error: exit status 1`);
        out(`[config/images] Pulled ${i}`);
      }
    } else fail(`unknown command "${positional[1] ?? ''}" for "kubeadm config"`);
    break;
  }
  case 'init':
    if (positional[1] === 'phase' && positional[2] === 'upload-certs') await uploadCertsPhase();
    else await init();
    break;
  case 'join':
    await join();
    break;
  case 'token':
    await tokenCmd();
    break;
  case 'reset':
    await reset();
    break;
  case 'upgrade':
    if (positional[1] === 'apply') await upgradeApply({ kubeadm: V, versionArg: positional[2], yes: args.includes('-y') || args.includes('--yes'), force: args.includes('-f') || args.includes('--force') });
    else if (positional[1] === 'node') await upgradeNode({ kubeadm: V });
    else if (positional[1] === 'plan') await upgradePlan({ kubeadm: V, versionArg: positional[2], out, err, fatal: fail });
    else fail(`unknown command "${positional[1] ?? ''}" for "kubeadm upgrade"`);
    break;
  case 'certs':
    // Graduated from `alpha certs` in 1.20 (kubernetes/kubernetes#94938).
    if (V.minor < 20) {
      err('unknown command "certs" for "kubeadm"');
      err("Run 'kubeadm --help' for usage.");
      process.exit(1);
    }
    if (positional[1] === 'check-expiration') await checkExpiration();
    else if (positional[1] === 'renew') await certsRenew(positional[2], 'kubeadm certs');
    else fail(`unknown command "${positional[1] ?? ''}" for "kubeadm certs"`);
    break;
  case 'kubeconfig':
    kubeconfigUser({ kubeadm: V, alpha: false, sub: positional[1], opt, optAll, out, err, fail });
    break;
  case 'alpha':
    if (positional[1] === 'kubeconfig') {
      kubeconfigUser({ kubeadm: V, alpha: true, sub: positional[2], opt, optAll, out, err, fail });
      break;
    }
    // `kubeadm alpha certs` deprecated in 1.20, removed in 1.21 (kubernetes/kubernetes#97706).
    if (positional[1] !== 'certs' || V.minor >= 21) fail(`unknown command "${positional[1] ?? ''}" for "kubeadm alpha"`);
    // cobra's deprecation notice names the command run, on stderr (published 1.20 output:
    // tests/fixtures/real/check-expiration/alpha-1.20-missing-etcd-99year.txt).
    // For `renew all` it names the leaf, "all" (published: tests/fixtures/real/certs-renew/alpha-1.20-*).
    if (V.minor === 20) err(`Command "${positional[2] === 'renew' ? positional[3] : positional[2]}" is deprecated, please use the same command under "kubeadm certs"`);
    if (positional[2] === 'check-expiration') await checkExpiration();
    else if (positional[2] === 'renew') await certsRenew(positional[3], 'kubeadm alpha certs');
    else fail(`unknown command "${positional[2] ?? ''}" for "kubeadm alpha certs"`);
    break;
  default:
    err(`unknown command "${sub ?? ''}" for "kubeadm"`);
    err('Run \'kubeadm --help\' for usage.');
    process.exit(1);
}
process.exit(0);
