// Shared helpers for the lab's Kubernetes shims (kubeadm, kubectl, kubelet, the lab API server).
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, X509Certificate, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import YAML from 'yaml';

export { YAML };
export const LAB = '/usr/local/lib/kubelab-lab';

/** The node's scenario settings (node.env, written by lab.sh). */
export function labEnv() {
  const env = {};
  for (const line of readFileSync(`${LAB}/node.env`, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)='(.*)'$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/'\\''/g, "'");
  }
  const extra = '/var/lib/lab-node/env.json';
  if (existsSync(extra)) Object.assign(env, JSON.parse(readFileSync(extra, 'utf8')));
  return env;
}

/** Seconds of real time for a duration the real tool would wait (scenario `timeoutScale`). */
export function scaled(seconds) {
  const s = Number(labEnv().LAB_TIMEOUT_SCALE ?? '1');
  return Math.max(1, seconds * (Number.isFinite(s) ? s : 1));
}

/** Wall clock of this node, including a scenario's clock skew (seconds). */
export function nodeNow() {
  // /var/lib/lab-node/clock_skew (what chronyc makestep / timedatectl set-ntp leave, as the date shim reads it) wins.
  const f = '/var/lib/lab-node/clock_skew';
  const skew = existsSync(f) ? readFileSync(f, 'utf8').trim() : (labEnv().LAB_CLOCK_SKEW ?? '0');
  return Date.now() + (Number(skew) || 0) * 1000;
}

export function pkgVersion(pkg) {
  const f = `/var/lib/lab-pkgs/${pkg}`;
  return existsSync(f) ? readFileSync(f, 'utf8').trim() : undefined;
}

/** "1.18.2-00" / "1.28.2-1.1" -> { full: "v1.18.2", minor: 18, patch: 2 } */
export function kubeVersion(pkgver) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(pkgver ?? '1.28.2');
  return { full: `v${m[1]}.${m[2]}.${m[3]}`, major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}
export function trySh(cmd, args, opts = {}) {
  try {
    return sh(cmd, args, opts);
  } catch {
    return undefined;
  }
}

export function systemctlActive(unit) {
  return trySh('/usr/local/bin/systemctl', ['is-active', '-q', unit]) !== undefined;
}

/** The sha256:<hex> pin of a CA certificate, as kubeadm computes it (SHA-256 of the DER SubjectPublicKeyInfo). */
export function caCertHash(pem) {
  const spki = createPublicKey(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'pem' })).export({ type: 'spki', format: 'der' });
  return 'sha256:' + createHash('sha256').update(spki).digest('hex');
}

export function randomToken() {
  const a = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const pick = (n) => Array.from(randomBytes(n), (b) => a[b % a.length]).join('');
  return `${pick(6)}.${pick(16)}`;
}

/** Detached JWS (HS256) over the cluster-info kubeconfig, as the bootstrap signer makes it. */
export function jwsDetached(payload, tokenId, tokenSecret) {
  const b64 = (b) => Buffer.from(b).toString('base64url');
  const header = b64(JSON.stringify({ alg: 'HS256', kid: tokenId }));
  const sig = createHmacB64(`${header}.${b64(payload)}`, `${tokenId}.${tokenSecret}`);
  return `${header}..${sig}`;
}
import { createHmac } from 'node:crypto';
function createHmacB64(data, key) {
  return createHmac('sha256', key).update(data).digest('base64url');
}

/** kubectl's duration.HumanDuration (k8s.io/apimachinery/pkg/util/duration). */
export function humanDuration(ms) {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (h < 24 * 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/**
 * kubectl's table: each column its widest cell plus 3 spaces and never narrower than 6, the last
 * unpadded (k8s.io/kubernetes pkg/printers/tabwriter.go GetNewTabWriter: minwidth 6, padding 3).
 */
export function table(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? String(c) : String(c).padEnd(Math.max(w[i] + 3, 6)))).join('')).join('\n') + '\n';
}

/** Loads a kubeconfig (current context) into TLS options for the API server. */
export function loadKubeconfig(path) {
  const kc = YAML.parse(readFileSync(path, 'utf8'));
  const ctxName = kc['current-context'];
  const ctx = (kc.contexts ?? []).find((c) => c.name === ctxName)?.context ?? kc.contexts?.[0]?.context;
  const cluster = (kc.clusters ?? []).find((c) => c.name === ctx?.cluster)?.cluster ?? kc.clusters?.[0]?.cluster;
  const user = (kc.users ?? []).find((u) => u.name === ctx?.user)?.user ?? kc.users?.[0]?.user ?? {};
  const dec = (b) => (b ? Buffer.from(b, 'base64').toString('utf8') : undefined);
  const file = (p) => (p ? readFileSync(p, 'utf8') : undefined);
  return {
    server: cluster.server,
    ca: dec(cluster['certificate-authority-data']) ?? file(cluster['certificate-authority']),
    cert: dec(user['client-certificate-data']) ?? file(user['client-certificate']),
    key: dec(user['client-key-data']) ?? file(user['client-key']),
    token: user.token,
  };
}

export function kubeconfigYaml({ server, caPem, certPem, keyPem, user, token, cluster = 'kubernetes' }) {
  const b = (s) => Buffer.from(s).toString('base64');
  return YAML.stringify({
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': b(caPem), server }, name: cluster }],
    contexts: [{ context: { cluster, user }, name: `${user}@${cluster}` }],
    'current-context': `${user}@${cluster}`,
    kind: 'Config',
    preferences: {},
    users: [{ name: user, user: token ? { token } : { 'client-certificate-data': b(certPem), 'client-key-data': b(keyPem) } }],
  });
}

/** One HTTPS request to the API server. Resolves { status, body } or rejects with the socket error. */
export function apiRequest(conn, method, path, body, { insecure = false, timeoutMs = 10000 } = {}) {
  const url = new URL(path, conn.server);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: conn.ca,
        cert: conn.cert,
        key: conn.key,
        rejectUnauthorized: !insecure,
        checkServerIdentity: () => undefined,
        headers: {
          'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
          ...(conn.token ? { authorization: `Bearer ${conn.token}` } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        // A connection reset mid-body (a load balancer in front of the wrong port) errors on the
        // response, not the request: without this it was an uncaught ECONNRESET that killed the
        // lab's kubeadm instead of the wait for the API server going on.
        res.on('error', reject);
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* plain text (e.g. /healthz) */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Go-style dial error text for a failed connection, as kubectl and kubeadm print it. */
export function dialError(err, hostPort) {
  if (err.code === 'ECONNREFUSED') return `dial tcp ${hostPort}: connect: connection refused`;
  if (err.code === 'EHOSTUNREACH') return `dial tcp ${hostPort}: connect: no route to host`;
  if (err.code === 'ETIMEDOUT') return `dial tcp ${hostPort}: i/o timeout`;
  return `dial tcp ${hostPort}: ${err.message}`;
}

/** Registries a scenario blocks (LAB_REGISTRY_BLOCKED: space-separated hosts, or "all"). */
export function registryBlocked(image) {
  const blocked = (labEnv().LAB_REGISTRY_BLOCKED ?? '').split(/\s+/).filter(Boolean);
  if (!blocked.length) return false;
  const first = image.split('/')[0];
  const host = image.includes('/') && (first.includes('.') || first.includes(':')) ? first : 'docker.io';
  return blocked.includes('all') || blocked.includes(host);
}

/**
 * A reference as the runtimes store it: docker.io/library/ for a one-part name, :latest without a
 * tag (containerd's reference normalisation, the names `crictl images` shows).
 */
export function normalizeImage(image) {
  let r = image;
  const first = r.split('/')[0];
  if (!r.includes('/')) r = `docker.io/library/${r}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') r = `docker.io/${r}`;
  return /:[^/]+$/.test(r) || r.includes('@') ? r : `${r}:latest`;
}

/**
 * Whether the node's runtime holds an image (what `ctr -n k8s.io images import`, `docker load`
 * and the lab's pulls record): containerd's k8s.io namespace, or docker's store. kubeadm's
 * ImagePull check and the kubelet (pull policy IfNotPresent) look here before pulling.
 */
export function imagePresent(image, runtimes = ['containerd', 'docker']) {
  const want = normalizeImage(image);
  for (const rt of runtimes) {
    const db = `/var/lib/${rt}/lab-images.json`;
    if (!existsSync(db)) continue;
    const list = JSON.parse(readFileSync(db, 'utf8'));
    if (list.some((x) => (x.namespace ?? 'k8s.io') === 'k8s.io' && normalizeImage(x.ref) === want)) return true;
  }
  return false;
}

// kubeadm's image list per patch: the generated catalog data (./images.mjs).
export { imageList } from './images.mjs';

/** Go error text of a pull from a blocked registry (docker 19.03 / containerd). */
export function blockedPullError(image) {
  const first = image.split('/')[0];
  const host = image.includes('/') && first.includes('.') ? first : 'registry-1.docker.io';
  return `Get https://${host}/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`;
}

export function journal(unit, line) {
  const t = new Date(nodeNow());
  const mon = t.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const stamp = `${mon} ${String(t.getUTCDate()).padStart(2, ' ')} ${t.toISOString().slice(11, 19)}`;
  const host = readFileSync('/etc/hostname', 'utf8').trim();
  try {
    execFileSync('/bin/sh', ['-c', 'cat >> "$0"', `/var/log/lab-journal/${unit}.log`], { input: `${stamp} ${host} ${unit}[${process.pid}]: ${line}\n` });
  } catch {
    /* journal is best effort */
  }
}

/**
 * Where a package's binary comes from. kubectl is the real client wherever this machine has one
 * for the package's minor (the Google Cloud SDK's kubectl.1.27 … kubectl.1.33, or a directory in
 * LAB_REAL_KUBECTL_DIR with the same names); the lab's imitation only for other versions.
 * `LAB_KUBECTL=imitation` in a node's env.json forces the imitation (to compare the two).
 */
export const REAL_KUBECTL_DIRS = ['/usr/lib/google-cloud-sdk/bin'];
export function packageBinary(bin, version) {
  if (bin === 'kubectl' && version && labEnv().LAB_KUBECTL !== 'imitation') {
    const m = /^(?:\d+:)?(\d+)\.(\d+)\./.exec(version);
    const dirs = [labEnv().LAB_REAL_KUBECTL_DIR, ...REAL_KUBECTL_DIRS].filter(Boolean);
    for (const d of dirs) if (m && existsSync(`${d}/kubectl.${m[1]}.${m[2]}`)) return `${d}/kubectl.${m[1]}.${m[2]}`;
  }
  // Debian's real daemons (tests/lab/node/apt.mjs loadBalancerPackages).
  if (bin === 'haproxy' || bin === 'keepalived') return `/usr/sbin/${bin}`;
  return `${LAB}/pkgbin/${bin}`;
}
