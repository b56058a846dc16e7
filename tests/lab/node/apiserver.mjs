#!/usr/bin/env node
// The lab API server: a small HTTPS server speaking the subset of the Kubernetes REST API that
// kubeadm, kubectl and the lab kubelet use. Started by the master's kubelet from the static pod
// manifest /etc/kubernetes/manifests/kube-apiserver.yaml (its --advertise-address/--secure-port),
// serving the certificates kubeadm made with openssl. Also runs the controllers the lab needs:
// node CIDR allocation, a scheduler, DaemonSet/Deployment pods, the bootstrap signer, node lifecycle.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { jwsDetached, kubeconfigYaml, YAML } from './k8s.mjs';

const manifest = readFileSync('/etc/kubernetes/manifests/kube-apiserver.yaml', 'utf8');
const flag = (name, def) => new RegExp(`--${name}=(\\S+)`).exec(manifest)?.[1] ?? def;
const address = flag('advertise-address', '0.0.0.0');
const port = Number(flag('secure-port', '6443'));
const pki = '/etc/kubernetes/pki';
const STATE = '/var/lib/etcd/lab-state.json';
mkdirSync('/var/lib/etcd', { recursive: true });

// The store: objects by key (a Map in memory, a plain object in the state file) and the last resourceVersion.
const loaded = existsSync(STATE) ? JSON.parse(readFileSync(STATE, 'utf8')) : { objects: {}, rv: 1 };
/** @type {{objects: Map<string, any>, rv: number}} */
const db = { objects: new Map(Object.entries(loaded.objects)), rv: loaded.rv };
let dirty = false;
const save = () => {
  if (!dirty) return;
  writeFileSync(STATE + '.tmp', JSON.stringify({ objects: Object.fromEntries(db.objects), rv: db.rv }));
  renameSync(STATE + '.tmp', STATE);
  dirty = false;
};
setInterval(save, 300);

const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'componentstatuses', 'clusterroles', 'clusterrolebindings', 'podsecuritypolicies', 'certificatesigningrequests', 'customresourcedefinitions']);
const KINDS = {
  Pod: 'pods', Node: 'nodes', Namespace: 'namespaces', ConfigMap: 'configmaps', Secret: 'secrets', Service: 'services',
  ServiceAccount: 'serviceaccounts', DaemonSet: 'daemonsets', Deployment: 'deployments', ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings', Role: 'roles', RoleBinding: 'rolebindings', PodSecurityPolicy: 'podsecuritypolicies',
  CertificateSigningRequest: 'certificatesigningrequests', CustomResourceDefinition: 'customresourcedefinitions', ReplicaSet: 'replicasets',
};
const kindOf = (res) => Object.entries(KINDS).find(([, r]) => r === res)?.[0] ?? res;

const key = (res, ns, name) => `${res}/${CLUSTER_SCOPED.has(res) ? '' : ns}/${name}`;
function put(res, ns, obj) {
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(++db.rv);
  obj.metadata.uid ??= randomUUID();
  obj.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (!CLUSTER_SCOPED.has(res)) obj.metadata.namespace = ns;
  obj.kind ??= kindOf(res);
  db.objects.set(key(res, ns, obj.metadata.name), obj);
  dirty = true;
  return obj;
}
const get = (res, ns, name) => db.objects.get(key(res, ns, name));
const list = (res, ns) =>
  [...db.objects]
    .filter(([k]) => k.startsWith(`${res}/`) && (ns === undefined || CLUSTER_SCOPED.has(res) || k.split('/')[1] === ns))
    .map(([, v]) => v);
const del = (res, ns, name) => {
  const k = key(res, ns, name);
  const o = db.objects.get(k);
  db.objects.delete(k);
  dirty = true;
  return o;
};

const status = (code, reason, message, details = {}) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });

// ------------------------------------------------------------------ authentication

function authenticate(req) {
  const cert = req.socket.getPeerCertificate?.();
  if (req.socket.authorized && cert?.subject) {
    const groups = [cert.subject.O].flat().filter(Boolean);
    return { user: cert.subject.CN, groups };
  }
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer ([a-z0-9]{6})\.([a-z0-9]{16})$/.exec(auth);
  if (m) {
    const s = get('secrets', 'kube-system', `bootstrap-token-${m[1]}`);
    const d = (v) => Buffer.from(v ?? '', 'base64').toString();
    if (s && d(s.data['token-secret']) === m[2]) {
      const exp = s.data.expiration ? Date.parse(d(s.data.expiration)) : Infinity;
      if (exp > Date.now()) return { user: `system:bootstrap:${m[1]}`, groups: ['system:bootstrappers'] };
    }
    return null;
  }
  if (auth) return null;
  return { user: 'system:anonymous', groups: ['system:unauthenticated'] };
}

function allowed(who, method, path) {
  if (who.groups.includes('system:masters') || who.user === 'kubernetes-admin') return true;
  if (['/healthz', '/livez', '/readyz', '/version'].includes(path.split('?')[0])) return true;
  if (path.startsWith('/api/v1/namespaces/kube-public/configmaps/cluster-info')) return true;
  if (who.groups.includes('system:bootstrappers')) return path.includes('certificatesigningrequests') || path.includes('/configmaps/kubeadm-config') || path.includes('/configmaps/kubelet-config') || path.includes('/configmaps/kube-proxy');
  if (who.user.startsWith('system:node:') || who.user.startsWith('system:kube-')) return true;
  return false;
}

// ------------------------------------------------------------------ special resources

function clusterInfo() {
  const cm = get('configmaps', 'kube-public', 'cluster-info');
  if (!cm) return undefined;
  const out = structuredClone(cm);
  // The bootstrap signer: one detached JWS per valid (unexpired) bootstrap token.
  for (const s of list('secrets', 'kube-system')) {
    if (s.type !== 'bootstrap.kubernetes.io/token') continue;
    const d = (v) => Buffer.from(v ?? '', 'base64').toString();
    const exp = s.data.expiration ? Date.parse(d(s.data.expiration)) : Infinity;
    if (exp <= Date.now() || d(s.data['usage-bootstrap-signing']) !== 'true') continue;
    out.data[`jws-kubeconfig-${d(s.data['token-id'])}`] = jwsDetached(cm.data.kubeconfig, d(s.data['token-id']), d(s.data['token-secret']));
  }
  return out;
}

function signCsr(obj) {
  const csrPem = Buffer.from(obj.spec.request, 'base64').toString();
  const tmp = `/tmp/lab-csr-${randomBytes(4).toString('hex')}`;
  writeFileSync(`${tmp}.csr`, csrPem);
  const cert = execFileSync('openssl', ['x509', '-req', '-in', `${tmp}.csr`, '-CA', `${pki}/ca.crt`, '-CAkey', `${pki}/ca.key`, '-CAcreateserial', '-days', '365', '-sha256'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  obj.status = { certificate: Buffer.from(cert).toString('base64'), conditions: [{ type: 'Approved', reason: 'AutoApproved', message: 'Auto approving kubelet client certificate after SubjectAccessReview.' }] };
  return obj;
}

function allocateCidr(node) {
  const cm = get('configmaps', 'kube-system', 'kubeadm-config');
  const cfg = cm ? YAML.parse(cm.data.ClusterConfiguration) : {};
  const sub = cfg?.networking?.podSubnet;
  if (!sub) return;
  const [base] = sub.split('/');
  const o = base.split('.').map(Number);
  const used = new Set(list('nodes').map((n) => n.spec?.podCIDR).filter(Boolean));
  for (let i = 0; i < 256; i++) {
    const c = `${o[0]}.${o[1]}.${i}.0/24`;
    if (!used.has(c)) {
      node.spec = { ...(node.spec ?? {}), podCIDR: c, podCIDRs: [c] };
      return;
    }
  }
}

// ------------------------------------------------------------------ controllers

const ready = (n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
const tolerates = (pod, node) =>
  (node.spec?.taints ?? []).every((t) => t.effect !== 'NoSchedule' || (pod.spec.tolerations ?? []).some((tol) => tol.operator === 'Exists' && (!tol.key || tol.key === t.key)));

/** Address number `n` of a CIDR (`10.20.0.0/16`, 1 → `10.20.0.1`). */
function cidrHost(cidr, n) {
  const [base] = cidr.split('/');
  const v = (base.split('.').reduce((x, o) => (x << 8) + Number(o), 0) + n) >>> 0;
  return [24, 16, 8, 0].map((sh) => (v >>> sh) & 255).join('.');
}

function controllers() {
  const nodes = list('nodes');
  // The API server's own Service: default/kubernetes on the first address of
  // --service-cluster-ip-range (pkg/controlplane "kubernetes" service, as every cluster has it).
  if (!get('services', 'default', 'kubernetes')) {
    put('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } }, spec: { type: 'ClusterIP', clusterIP: cidrHost(flag('service-cluster-ip-range', '10.96.0.0/12'), 1), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }] } });
  }
  // DaemonSets: one pod per node.
  for (const ds of list('daemonsets')) {
    const ns = ds.metadata.namespace;
    for (const n of nodes) {
      const have = list('pods', ns).some((p) => p.metadata.ownerReferences?.[0]?.uid === ds.metadata.uid && p.spec.nodeName === n.metadata.name);
      if (have || !tolerates({ spec: ds.spec.template.spec }, n)) continue;
      const name = `${ds.metadata.name}-${randomBytes(3).toString('hex').slice(0, 5)}`;
      put('pods', ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: ds.spec.template.metadata?.labels ?? {}, ownerReferences: [{ kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid }] }, spec: { ...structuredClone(ds.spec.template.spec), nodeName: n.metadata.name }, status: { phase: 'Pending' } });
    }
  }
  // Deployments: replicas pods (names <deploy>-<hash>-<rand>).
  for (const d of list('deployments')) {
    const ns = d.metadata.namespace;
    const mine = list('pods', ns).filter((p) => p.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
    d.metadata.annotations ??= {};
    d.metadata.annotations['lab/hash'] ??= randomBytes(5).toString('hex').slice(0, 9);
    for (let i = mine.length; i < (d.spec.replicas ?? 1); i++) {
      const name = `${d.metadata.name}-${d.metadata.annotations['lab/hash']}-${randomBytes(3).toString('hex').slice(0, 5)}`;
      put('pods', ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: d.spec.template.metadata?.labels ?? {}, ownerReferences: [{ kind: 'ReplicaSet', name: `${d.metadata.name}-${d.metadata.annotations['lab/hash']}`, uid: d.metadata.uid }] }, spec: structuredClone(d.spec.template.spec), status: { phase: 'Pending' } });
    }
  }
  // Scheduler: Pending pods go to the Ready, untainted node with the fewest pods.
  for (const p of list('pods')) {
    if (p.spec.nodeName) continue;
    const cands = nodes.filter((n) => ready(n) && tolerates(p, n));
    if (!cands.length) {
      p.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: `0/${nodes.length} nodes are available: ${nodes.length} node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate.` }] };
      continue;
    }
    // Spread pods of the same namespace (the default topology spread), then by node name.
    const load = (n) => list('pods', p.metadata.namespace).filter((x) => x.spec.nodeName === n.metadata.name).length;
    cands.sort((a, b) => load(a) - load(b) || a.metadata.name.localeCompare(b.metadata.name));
    p.spec.nodeName = cands[0].metadata.name;
    put('pods', p.metadata.namespace, p);
  }
  // Node lifecycle: no heartbeat for 40 s -> Unknown (NotReady).
  for (const n of nodes) {
    const c = n.status?.conditions?.find((x) => x.type === 'Ready');
    if (c && c.status === 'True' && Date.now() - Date.parse(c.lastHeartbeatTime) > 40000) {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      put('nodes', '', n);
    }
  }
}
setInterval(controllers, 1000);

// ------------------------------------------------------------------ HTTP

function parsePath(p) {
  const parts = p.split('?')[0].split('/').filter(Boolean);
  let i = parts[0] === 'api' ? 2 : parts[0] === 'apis' ? 3 : -1;
  if (i < 0) return undefined;
  let ns;
  if (parts[i] === 'namespaces' && parts.length > i + 2) {
    ns = parts[i + 1];
    i += 2;
  }
  return { ns, res: parts[i], name: parts[i + 1], sub: parts[i + 2] };
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const t = Buffer.concat(chunks).toString('utf8');
  return t ? JSON.parse(t) : undefined;
}

function kubeletProxy(node, path, body) {
  const ip = node.status.addresses.find((a) => a.type === 'InternalIP').address;
  return new Promise((resolve) => {
    const r = http.request({ host: ip, port: 10250, path, method: 'POST', timeout: 30000, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    r.on('error', (e) => resolve({ status: 500, body: status(500, 'InternalError', `error dialing backend: dial tcp ${ip}:10250: ${e.message}`) }));
    r.on('timeout', () => r.destroy(new Error('i/o timeout')));
    r.end(JSON.stringify(body));
  });
}

async function handle(req, res) {
  const send = (code, obj) => {
    res.writeHead(code, { 'content-type': typeof obj === 'string' ? 'text/plain' : 'application/json' });
    res.end(typeof obj === 'string' ? obj : JSON.stringify(obj));
  };
  const path = req.url ?? '/';
  const who = authenticate(req);
  if (!who) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
  if (!allowed(who, req.method, path)) {
    return send(403, status(403, 'Forbidden', `forbidden: User "${who.user}" cannot ${req.method.toLowerCase()} path "${path.split('?')[0]}"`));
  }
  const bare = path.split('?')[0];
  if (['/healthz', '/livez', '/readyz'].includes(bare)) return send(200, 'ok');
  if (bare === '/version') {
    const v = flag('lab-version', 'v1.28.2');
    const m = /^v(\d+)\.(\d+)/.exec(v);
    return send(200, { major: m[1], minor: m[2], gitVersion: v, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2020-04-16T11:54:15Z', goVersion: 'go1.13.9', compiler: 'gc', platform: 'linux/amd64' });
  }
  const p = parsePath(path);
  if (!p || !p.res) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
  const ns = p.ns ?? (CLUSTER_SCOPED.has(p.res) ? '' : undefined);
  const body = ['POST', 'PUT', 'PATCH'].includes(req.method) ? await readBody(req) : undefined;
  const notFound = () => send(404, status(404, 'NotFound', `${p.res.replace(/s$/, '')}${p.res.includes('.') ? '' : 's'} "${p.name}" not found`.replace(/ss "/, 's "').replace(/^(\w+)s "/, '$1s "'), { name: p.name, kind: p.res }));

  if (p.res === 'componentstatuses' && req.method === 'GET') {
    const items = [['scheduler', 'ok'], ['controller-manager', 'ok'], ['etcd-0', '{"health":"true"}']].map(([name, message]) => ({ kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name }, conditions: [{ type: 'Healthy', status: 'True', message }] }));
    return send(200, p.name ? items.find((i) => i.metadata.name === p.name) : { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items });
  }
  if (p.res === 'pods' && p.sub === 'exec' && req.method === 'POST') {
    const pod = get('pods', ns, p.name);
    if (!pod) return send(404, status(404, 'NotFound', `pods "${p.name}" not found`));
    if (pod.status?.phase !== 'Running') return send(400, status(400, 'BadRequest', `pod ${p.name} does not have a host assigned`));
    const node = get('nodes', '', pod.spec.nodeName);
    const r = await kubeletProxy(node, `/exec/${ns}/${p.name}`, body);
    return send(r.status, r.body);
  }

  switch (req.method) {
    case 'GET': {
      if (p.name) {
        if (p.res === 'configmaps' && ns === 'kube-public' && p.name === 'cluster-info') {
          const ci = clusterInfo();
          return ci ? send(200, ci) : notFound();
        }
        const o = get(p.res, ns ?? '', p.name);
        return o ? send(200, o) : send(404, status(404, 'NotFound', `${p.res} "${p.name}" not found`, { name: p.name, kind: p.res }));
      }
      return send(200, { kind: `${kindOf(p.res)}List`, apiVersion: 'v1', metadata: { resourceVersion: String(db.rv) }, items: list(p.res, ns) });
    }
    case 'POST': {
      const name = body?.metadata?.name;
      if (!name) return send(422, status(422, 'Invalid', 'name or generateName is required'));
      if (get(p.res, ns ?? '', name)) return send(409, status(409, 'AlreadyExists', `${p.res} "${name}" already exists`, { name, kind: p.res }));
      if (p.res === 'certificatesigningrequests') return send(201, put(p.res, '', signCsr(body)));
      if (p.res === 'nodes') allocateCidr(body);
      if (p.res === 'pods') body.status = { phase: 'Pending' };
      return send(201, put(p.res, ns ?? '', body));
    }
    case 'PUT': {
      const cur = get(p.res, ns ?? '', p.name);
      if (!cur && p.sub) return notFound();
      if (p.sub === 'status') {
        // Like the controller-manager's node IPAM controller, which keeps assigning a podCIDR to
        // every node without one: a control plane whose kubelet registered before kubeadm init
        // stored the cluster config gets its range on its next status update.
        if (p.res === 'nodes' && !cur.spec?.podCIDR) allocateCidr(cur);
        cur.status = body.status;
        if (body.metadata?.annotations) cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), ...body.metadata.annotations };
        return send(200, put(p.res, ns ?? '', cur));
      }
      if (cur) body.metadata = { ...cur.metadata, ...body.metadata };
      if (p.res === 'nodes' && !body.spec?.podCIDR && cur?.spec?.podCIDR) body.spec = { ...body.spec, podCIDR: cur.spec.podCIDR, podCIDRs: cur.spec.podCIDRs };
      return send(cur ? 200 : 201, put(p.res, ns ?? '', body));
    }
    case 'PATCH': {
      const cur = get(p.res, ns ?? '', p.name);
      if (!cur) return notFound();
      // JSON merge patch (RFC 7386 §2): a null member removes the key, objects merge recursively,
      // anything else replaces. Builds a new object rather than deleting computed keys in place.
      const merge = (a, b) =>
        Object.fromEntries(
          [...new Set([...Object.keys(a), ...Object.keys(b)])]
            .filter((k) => b[k] !== null)
            .map((k) => {
              if (!Object.hasOwn(b, k)) return [k, a[k]];
              const v = b[k];
              return [k, v && typeof v === 'object' && !Array.isArray(v) && a[k] && typeof a[k] === 'object' && !Array.isArray(a[k]) ? merge(a[k], v) : v];
            }),
        );
      return send(200, put(p.res, ns ?? '', merge(cur, body)));
    }
    case 'DELETE': {
      const o = del(p.res, ns ?? '', p.name);
      if (!o) return notFound();
      if (p.res === 'daemonsets' || p.res === 'deployments') for (const pod of list('pods', ns)) if (pod.metadata.ownerReferences?.[0]?.uid === o.metadata.uid) del('pods', ns, pod.metadata.name);
      return send(200, o);
    }
    default:
      return send(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
  }
}

const server = https.createServer(
  { key: readFileSync(`${pki}/apiserver.key`), cert: readFileSync(`${pki}/apiserver.crt`), ca: readFileSync(`${pki}/ca.crt`), requestCert: true, rejectUnauthorized: false },
  (req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status(500, 'InternalError', String(e?.message ?? e))));
    });
  },
);
server.listen(port, address, () => {
  writeFileSync('/run/lab-systemd/apiserver.ready', `${address}:${port}\n`);
});
process.on('SIGTERM', () => {
  save();
  process.exit(0);
});
export { kubeconfigYaml, X509Certificate };
