#!/usr/bin/env node
// The lab API server: a small HTTPS server speaking the subset of the Kubernetes REST API that
// kubeadm, kubectl and the lab kubelet use. Started by the master's kubelet from the static pod
// manifest /etc/kubernetes/manifests/kube-apiserver.yaml (its --advertise-address/--secure-port),
// serving the certificates kubeadm made with openssl. Also runs the controllers the lab needs:
// node CIDR allocation, a scheduler, DaemonSet/Deployment pods, the bootstrap signer, node lifecycle.
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { openBackend } from './api/backend.mjs';
import { decodeProtobufBody } from './api/protobuf.mjs';
import { discovery } from './api/discovery.mjs';
import { isWsExec, serveWsExec } from './api/execws.mjs';
import { openapi } from './api/openapi.mjs';
import { applyPatch } from './api/patch.mjs';
import { lookup, served } from './api/resources.mjs';
import { fieldSelector, labelSelector, matchesLabelSelector } from './api/selectors.mjs';
import { alreadyExists, badRequest, conflict, invalid, methodNotAllowed, notFound, pathNotFound, serverTimeout, status, success } from './api/status.mjs';
import { Store } from './api/store.mjs';
import { toTable, wantsTable } from './api/tables.mjs';
import { jwsDetached, kubeconfigYaml, nodeNow, YAML } from './k8s.mjs';

const manifest = readFileSync('/etc/kubernetes/manifests/kube-apiserver.yaml', 'utf8');
const flag = (name, def) => new RegExp(`--${name}=(\\S+)`).exec(manifest)?.[1] ?? def;
const address = flag('advertise-address', '0.0.0.0');
const port = Number(flag('secure-port', '6443'));
const pki = '/etc/kubernetes/pki';

const V = (() => {
  const m = /^v(\d+)\.(\d+)/.exec(flag('lab-version', 'v1.28.2'));
  return { full: flag('lab-version', 'v1.28.2'), major: Number(m[1]), minor: Number(m[2]) };
})();

const RESOURCES = served(V.minor);
const clusterScoped = (res) => RESOURCES.some((r) => r.name === res && !r.namespaced);
const kindOf = (res) => RESOURCES.find((r) => r.name === res)?.kind ?? res;
const store = new Store({ clusterScoped, kindOf, persist: (k, o, rv) => backend.persist(k, o, rv) });
const backend = openBackend(store, { dataDir: '/var/lib/etcd', flag });
const put = (res, ns, obj) => store.put(res, ns, obj);
const get = (res, ns, name) => store.get(res, ns, name);
const list = (res, ns) => store.list(res, ns);
const del = (res, ns, name) => store.del(res, ns, name);


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

/**
 * From 1.29 kubeadm's admin.conf is in group kubeadm:cluster-admins, which is cluster-admin only
 * through the ClusterRoleBinding of the same name that `kubeadm init` creates once the API is up
 * (with super-admin.conf, in system:masters); until then admin.conf is forbidden everything RBAC
 * guards (kubernetes/kubernetes#121305, cmd/kubeadm/app/phases/kubeconfig EnsureAdminClusterRoleBinding;
 * the failure of kube-vip issue #684).
 */
const CLUSTER_ADMINS = 'kubeadm:cluster-admins';

function allowed(who, method, path) {
  if (who.groups.includes('system:masters')) return true;
  if (who.groups.includes(CLUSTER_ADMINS) && get('clusterrolebindings', '', CLUSTER_ADMINS)) return true;
  if (who.user === 'kubernetes-admin' && !who.groups.includes(CLUSTER_ADMINS)) return true;
  if (['/healthz', '/livez', '/readyz', '/version'].includes(path.split('?')[0])) return true;
  if (path.startsWith('/api/v1/namespaces/kube-public/configmaps/cluster-info')) return true;
  // kubeadm init --upload-certs lets bootstrap tokens read the kubeadm-certs Secret (Role
  // kubeadm:kubeadm-certs, cmd/kubeadm/app/phases/copycerts/copycerts.go createRBAC).
  if (who.groups.includes('system:bootstrappers') && method === 'GET' && path.split('?')[0] === '/api/v1/namespaces/kube-system/secrets/kubeadm-certs') return true;
  if (who.groups.includes('system:bootstrappers')) return path.includes('certificatesigningrequests') || path.includes('/configmaps/kubeadm-config') || path.includes('/configmaps/kubelet-config') || path.includes('/configmaps/kube-proxy');
  if (who.user.startsWith('system:node:') || who.user.startsWith('system:kube-')) return true;
  return false;
}

/**
 * The 403 Status as the real authorizer words it: for a named namespaced object
 * `leases.coordination.k8s.io "plndr-cp-lock" is forbidden: User "kubernetes-admin" cannot get
 * resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"` (the line
 * kube-vip logs in issues #684/#1138), else the non-resource wording with the path.
 */
function forbidden(who, method, path) {
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!m) return status(403, 'Forbidden', `forbidden: User "${who.user}" cannot ${method.toLowerCase()} path "${path}"`, {});
  const [, group = '', ns, resource, name] = m;
  const verb = { GET: name ? 'get' : 'list', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ?? method.toLowerCase();
  const qualified = group ? `${resource}.${group}` : resource;
  const what = name ? `${qualified} "${name}"` : qualified;
  return status(403, 'Forbidden', `${what} is forbidden: User "${who.user}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${ns}"`, { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: resource });
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

/** A core/v1 Event about `obj` (the recorder of client-go tools/record: <name>.<hex> names, count 1). */
function event(obj, type, reason, message, source) {
  const ns = obj.metadata.namespace ?? 'default';
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const name = `${obj.metadata.name}.${(BigInt(Date.now()) * 1000000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`;
  put('events', ns, { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: ns }, involvedObject: { kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: obj.apiVersion ?? 'v1', resourceVersion: obj.metadata.resourceVersion }, reason, message, source, firstTimestamp: now, lastTimestamp: now, count: 1, type, eventTime: null, reportingComponent: source.component, reportingInstance: '' });
}

/** The system namespaces the real server makes at start (pkg/controlplane/controller/systemnamespaces). */
function systemNamespaces() {
  for (const name of SYSTEM_NAMESPACES) if (!get('namespaces', '', name)) put('namespaces', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
}

function controllers() {
  const nodes = list('nodes');
  // The API server's own Service: default/kubernetes on the first address of
  // --service-cluster-ip-range (pkg/controlplane "kubernetes" service, as every cluster has it).
  if (!get('services', 'default', 'kubernetes')) {
    put('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } }, spec: { type: 'ClusterIP', clusterIP: cidrHost(flag('service-cluster-ip-range', '10.96.0.0/12'), 1), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }] } });
  }
  systemNamespaces();
  const owned = (p, uid) => p.metadata.ownerReferences?.some((o) => o.uid === uid && o.controller);
  const ownerRef = (o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true });
  const suffix = () => randomBytes(4).toString('hex').replace(/[^a-z0-9]/g, '').slice(0, 5);
  const podReady = (p) => p.status?.phase === 'Running' && (p.status?.containerStatuses ?? []).length > 0 && p.status.containerStatuses.every((c) => c.ready);
  const setStatus = (res, o, st) => {
    if (JSON.stringify(o.status ?? {}) !== JSON.stringify(st)) put(res, o.metadata.namespace, { ...o, status: st });
  };
  // DaemonSets: one pod per node (the DaemonSet controller, which tolerates unschedulable nodes).
  for (const ds of list('daemonsets')) {
    const ns = ds.metadata.namespace;
    const want = nodes.filter((n) => tolerates({ spec: ds.spec.template.spec }, n));
    for (const n of want) {
      const have = list('pods', ns).some((p) => owned(p, ds.metadata.uid) && p.spec.nodeName === n.metadata.name);
      if (have) continue;
      const name = `${ds.metadata.name}-${suffix()}`;
      put('pods', ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: ds.spec.template.metadata?.labels ?? {}, ownerReferences: [ownerRef(ds)] }, spec: { ...structuredClone(ds.spec.template.spec), nodeName: n.metadata.name }, status: { phase: 'Pending' } });
    }
    const mine = list('pods', ns).filter((p) => owned(p, ds.metadata.uid));
    const readyN = mine.filter(podReady).length;
    setStatus('daemonsets', ds, { currentNumberScheduled: mine.length, desiredNumberScheduled: want.length, numberAvailable: readyN, numberMisscheduled: 0, numberReady: readyN, observedGeneration: ds.metadata.generation ?? 1, updatedNumberScheduled: mine.length });
  }
  // Deployments own one ReplicaSet <deploy>-<hash>; ReplicaSets own their pods <rs>-<rand>.
  for (const d of list('deployments')) {
    const ns = d.metadata.namespace;
    let rs = list('replicasets', ns).find((x) => owned(x, d.metadata.uid));
    if (!rs) {
      const hash = randomBytes(6).toString('hex').replace(/[^a-z0-9]/g, '').slice(0, 9);
      rs = put('replicasets', ns, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${d.metadata.name}-${hash}`, namespace: ns, labels: { ...(d.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash }, ownerReferences: [ownerRef(d)] }, spec: { replicas: d.spec.replicas ?? 1, selector: d.spec.selector, template: d.spec.template } });
    } else if (rs.spec.replicas !== (d.spec.replicas ?? 1)) rs = put('replicasets', ns, { ...rs, spec: { ...rs.spec, replicas: d.spec.replicas ?? 1 } });
    const pods = list('pods', ns).filter((p) => owned(p, rs.metadata.uid));
    const readyN = pods.filter(podReady).length;
    setStatus('deployments', d, { observedGeneration: d.metadata.generation ?? 1, replicas: pods.length, updatedReplicas: pods.length, readyReplicas: readyN, availableReplicas: readyN, ...(readyN < pods.length || pods.length < (d.spec.replicas ?? 1) ? { unavailableReplicas: (d.spec.replicas ?? 1) - readyN } : {}) });
  }
  for (const rs of list('replicasets')) {
    const ns = rs.metadata.namespace;
    const pods = list('pods', ns).filter((p) => owned(p, rs.metadata.uid));
    for (let i = pods.length; i < (rs.spec.replicas ?? 1); i++) {
      const name = `${rs.metadata.name}-${suffix()}`;
      put('pods', ns, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: rs.spec.template.metadata?.labels ?? {}, ownerReferences: [ownerRef(rs)] }, spec: structuredClone(rs.spec.template.spec), status: { phase: 'Pending' } });
    }
    const readyN = pods.filter(podReady).length;
    setStatus('replicasets', rs, { replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: readyN, availableReplicas: readyN, observedGeneration: rs.metadata.generation ?? 1 });
  }
  // Pod GC: pods bound to a node that no longer exists are deleted (pkg/controller/podgc).
  const nodeNames = new Set(nodes.map((n) => n.metadata.name));
  for (const p of list('pods')) if (p.spec.nodeName && !nodeNames.has(p.spec.nodeName)) del('pods', p.metadata.namespace, p.metadata.name);
  // Scheduler: Pending pods go to the Ready, untainted, schedulable node with the fewest pods.
  for (const p of list('pods')) {
    if (p.spec.nodeName) continue;
    const cands = nodes.filter((n) => ready(n) && !n.spec?.unschedulable && tolerates(p, n));
    if (!cands.length) {
      const st = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: `0/${nodes.length} nodes are available: ${nodes.length} node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate.` }] };
      if (JSON.stringify(p.status) !== JSON.stringify(st)) put('pods', p.metadata.namespace, { ...p, status: st });
      continue;
    }
    // Spread pods of the same namespace (the default topology spread), then by node name.
    const load = (n) => list('pods', p.metadata.namespace).filter((x) => x.spec.nodeName === n.metadata.name).length;
    cands.sort((a, b) => load(a) - load(b) || a.metadata.name.localeCompare(b.metadata.name));
    const node = cands[0].metadata.name;
    put('pods', p.metadata.namespace, { ...p, spec: { ...p.spec, nodeName: node }, status: { phase: 'Pending' } });
    event(p, 'Normal', 'Scheduled', `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${node}`, { component: 'default-scheduler' });
  }
  // Node leases in kube-node-lease (the kubelet's heartbeat) and a RegisteredNode event per node.
  for (const n of nodes) {
    const c = n.status?.conditions?.find((x) => x.type === 'Ready');
    const lease = get('leases', 'kube-node-lease', n.metadata.name);
    if (c?.lastHeartbeatTime && (!lease || lease.spec.renewTime !== c.lastHeartbeatTime.replace('Z', '.000000Z'))) {
      put('leases', 'kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { ...(lease?.metadata ?? { name: n.metadata.name }), ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.metadata.name, uid: n.metadata.uid }] }, spec: { holderIdentity: n.metadata.name, leaseDurationSeconds: 40, renewTime: c.lastHeartbeatTime.replace('Z', '.000000Z') } });
    }
    if (!list('events', 'default').some((e) => e.reason === 'RegisteredNode' && e.involvedObject?.uid === n.metadata.uid)) {
      event(n, 'Normal', 'RegisteredNode', `Node ${n.metadata.name} event: Registered Node ${n.metadata.name} in Controller`, { component: 'node-controller' });
    }
  }
  // Node lifecycle: no heartbeat for 40 s -> Unknown (NotReady).
  for (const n of nodes) {
    const c = n.status?.conditions?.find((x) => x.type === 'Ready');
    if (c && c.status === 'True' && Date.now() - Date.parse(c.lastHeartbeatTime) > 40000) {
      const conditions = n.status.conditions.map((x) => (x.type === 'Ready' ? { ...x, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' } : x));
      put('nodes', '', { ...n, status: { ...n.status, conditions } });
    }
  }
}
setInterval(() => {
  // A store that cannot be written (etcd down) leaves the controllers idle, as the real ones retry.
  if (!backend.down()) controllers();
}, 1000);

// ------------------------------------------------------------------ HTTP

/**
 * Splits a resource path: /api/v1[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]] or the same
 * under /apis/<group>/<version>. `/api/v1/namespaces/<name>[/status|/finalize]` is the namespace itself.
 */
function parseRoute(path) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group;
  let version;
  let i;
  if (parts[0] === 'api' && parts.length >= 3) [group, version, i] = ['', parts[1], 2];
  else if (parts[0] === 'apis' && parts.length >= 4) [group, version, i] = [parts[1], parts[2], 3];
  else return undefined;
  let ns;
  if (parts[i] === 'namespaces' && parts.length > i + 2 && !(parts.length === i + 3 && ['status', 'finalize'].includes(parts[i + 2]))) {
    ns = parts[i + 1];
    i += 2;
  }
  if (parts.length > i + 3) return undefined;
  return { group, version, ns, res: parts[i], name: parts[i + 1], sub: parts[i + 2] };
}

const MAX_BODY = 3 * 1024 * 1024; // the kube-apiserver's request body limit (--max-request-bytes default 3 MiB for JSON)
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    // errors.NewRequestEntityTooLargeError. The rest of the body is read and dropped first, so the
    // client gets the Status rather than a connection reset in the middle of its upload.
    if (size > MAX_BODY) continue;
    chunks.push(c);
  }
  if (size > MAX_BODY) throw Object.assign(new Error(`Request entity too large: limit is ${MAX_BODY}`), { code: 413, reason: 'RequestEntityTooLarge' });
  const raw = Buffer.concat(chunks);
  // Protobuf bodies (typed clients from 1.31 on) are decoded for the kinds kubectl writes
  // (api/protobuf.mjs); CBOR (an alpha client feature) is refused as a server without it refuses it.
  if (/protobuf/.test(req.headers['content-type'] ?? '')) return decodeProtobufBody(raw);
  if (/cbor/.test(req.headers['content-type'] ?? '')) {
    throw Object.assign(new Error('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf'), { code: 415, reason: 'UnsupportedMediaType' });
  }
  const t = raw.toString('utf8');
  if (!t) return undefined;
  try {
    return /yaml/.test(req.headers['content-type'] ?? '') ? YAML.parse(t) : JSON.parse(t);
  } catch (e) {
    throw Object.assign(new Error(`couldn't get version/kind; json parse error: ${e.message}`), { code: 400, reason: 'BadRequest' });
  }
}

function kubeletProxy(node, path, body) {
  const ip = node.status.addresses.find((a) => a.type === 'InternalIP').address;
  return new Promise((resolve) => {
    // A connection of its own per call (agent: false), as the kube-apiserver dials the kubelet for
    // each exec: Node's global agent keeps sockets alive, and one the kubelet closed after its
    // 5 s keep-alive timeout, reused at that moment, failed a healthy exec with "socket hang up".
    const r = http.request({ host: ip, port: 10250, path, method: 'POST', timeout: 30000, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    r.on('error', (e) => resolve({ status: 500, body: status(500, 'InternalError', `error dialing backend: dial tcp ${ip}:10250: ${e.message}`) }));
    r.on('timeout', () => r.destroy(new Error('i/o timeout')));
    r.end(JSON.stringify(body));
  });
}

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** metadata.name validation (apimachinery validation.IsDNS1123Label / IsDNS1123Subdomain). */
function nameError(r, name) {
  // RBAC objects are named by path segment rules only (pkg/apis/rbac/validation
  // ValidateRBACName = path.IsValidPathSegmentName): kubeadm:cluster-admins, system:masters …
  if (r.group === 'rbac.authorization.k8s.io') {
    if (name && name !== '.' && name !== '..' && !/[/%]/.test(name)) return undefined;
    return `Invalid value: "${name}": may not contain '/' or '%'`;
  }
  const label = ['namespaces', 'services'].includes(r.name);
  if (label ? RFC1123_LABEL.test(name) && name.length <= 63 : RFC1123_SUBDOMAIN.test(name) && name.length <= 253) return undefined;
  return label
    ? `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
    : `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * /healthz, /livez, /readyz as apiserver/pkg/server/healthz answers: "ok", or with ?verbose the
 * checks one per line; a failing check always gets the list and "<name> check failed" with a 500.
 */
function healthText(name, verbose, ok) {
  if (ok && !verbose) return 'ok';
  const checks = ['ping', 'log', 'etcd', 'poststarthook/start-apiextensions-informers', 'poststarthook/bootstrap-controller'];
  return `${checks.map((c) => (c === 'etcd' && !ok ? '[-]etcd failed: reason withheld' : `[+]${c} ok`)).join('\n')}\n${name} check ${ok ? 'passed' : 'failed'}\n`;
}

function componentStatuses() {
  const etcdOk = !backend.down();
  return [['scheduler', 'ok'], ['controller-manager', 'ok'], ['etcd-0', etcdOk ? '{"health":"true","reason":""}' : '']].map(([name, message]) => ({
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name, creationTimestamp: null },
    conditions: [{ type: 'Healthy', status: name !== 'etcd-0' || etcdOk ? 'True' : 'False', message, ...(name === 'etcd-0' && !etcdOk ? { error: `Get "https://${address}:2379/health": dial tcp ${address}:2379: connect: connection refused` } : {}) }],
  }));
}

/** policy/v1 PodDisruptionBudget status, as the disruption controller computes it. */
function pdbStatus(pdb) {
  const pods = list('pods', pdb.metadata.namespace).filter((p) => matchesLabelSelector(pdb.spec?.selector, p.metadata.labels));
  const healthy = pods.filter((p) => p.status?.phase === 'Running' && (p.status?.containerStatuses ?? []).every((c) => c.ready)).length;
  const expected = pods.length;
  const val = (v) => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((Number(v.slice(0, -1)) * expected) / 100) : Number(v));
  const desired = pdb.spec?.minAvailable !== undefined ? val(pdb.spec.minAvailable) : pdb.spec?.maxUnavailable !== undefined ? Math.max(0, expected - val(pdb.spec.maxUnavailable)) : expected;
  return { observedGeneration: pdb.metadata.generation ?? 1, disruptionsAllowed: Math.max(0, healthy - desired), currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected };
}

/** POST pods/<name>/eviction (pkg/registry/core/pod/storage/eviction.go). */
function evict(ns, name) {
  const pods = RESOURCES.find((r) => r.name === 'pods');
  const pod = get('pods', ns, name);
  if (!pod) return [404, notFound(pods, name)];
  const pdbs = list('poddisruptionbudgets', ns).filter((b) => matchesLabelSelector(b.spec?.selector, pod.metadata.labels));
  if (pdbs.length > 1) return [500, status(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.')];
  const running = pod.status?.phase === 'Running';
  if (pdbs.length === 1 && running) {
    const s = pdbStatus(pdbs[0]);
    if (s.disruptionsAllowed <= 0) {
      const b = status(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", { causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${pdbs[0].metadata.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently` }] });
      return [429, b];
    }
  }
  del('pods', ns, name);
  return [201, success(201)];
}

/**
 * The token cleaner (pkg/controller/bootstrap/tokencleaner.go: an expired bootstrap token Secret
 * is deleted) and the garbage collector (a dependent whose controller owner is gone is deleted),
 * only as far as kubeadm-certs needs them: its owner is the 2 h token `kubeadm init phase
 * upload-certs` makes (copycerts.go). Run when the Secret is read, by this node's clock
 * (nodeNow: a test moves /var/lib/lab-node/clock_skew instead of waiting two hours). Other
 * tokens are left alone so no other scenario's clock skew deletes its join tokens.
 */
function collectExpiredKubeadmCerts() {
  const certs = get('secrets', 'kube-system', 'kubeadm-certs');
  const ownerName = certs?.metadata.ownerReferences?.find((o) => o.controller)?.name;
  if (!ownerName) return;
  const owner = get('secrets', 'kube-system', ownerName);
  const exp = owner?.data?.expiration ? Date.parse(Buffer.from(owner.data.expiration, 'base64').toString()) : Infinity;
  if (owner && exp > nodeNow()) return;
  if (owner) del('secrets', 'kube-system', ownerName);
  del('secrets', 'kube-system', 'kubeadm-certs');
}

function cascadeDelete(r, ns, o) {
  if (r.name === 'namespaces') {
    for (const x of RESOURCES.filter((y) => y.namespaced)) for (const obj of list(x.name, o.metadata.name)) del(x.name, o.metadata.name, obj.metadata.name);
  }
  if (r.name === 'daemonsets' || r.name === 'deployments' || r.name === 'replicasets') {
    for (const pod of list('pods', ns)) if (pod.metadata.ownerReferences?.some((x) => x.uid === o.metadata.uid)) del('pods', ns, pod.metadata.name);
  }
}

/** The verb of a request (apiserver/pkg/endpoints/request RequestInfo). */
function verbOf(method, route, query) {
  const watch = ['1', 'true'].includes(query.get('watch') ?? '');
  if (method === 'GET') return route.name ? 'get' : watch ? 'watch' : 'list';
  if (method === 'POST') return route.sub ? 'create' : route.name ? undefined : 'create';
  if (method === 'PUT') return route.name ? 'update' : undefined;
  if (method === 'PATCH') return route.name ? 'patch' : undefined;
  if (method === 'DELETE') return route.name ? 'delete' : 'deletecollection';
  return undefined;
}

/** Streams watch events (JSON lines of {type, object}) until the client goes or timeoutSeconds passes. */
function serveWatch(req, res, r, ns, query, asTable) {
  const from = Number(query.get('resourceVersion') || 0);
  const labels = labelSelector(query.get('labelSelector'));
  const fields = fieldSelector(query.get('fieldSelector'));
  const match = (o) => (ns === undefined || r.namespaced === false || o.metadata?.namespace === ns) && labels(o.metadata?.labels) && fields(o);
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
  let first = true;
  const write = (type, obj) => {
    const object = asTable && type !== 'ERROR' ? toTable(r.name, [obj], obj.metadata.resourceVersion, { headers: first }) : obj;
    first = false;
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  let backlog;
  if (!from) backlog = list(r.name, r.namespaced ? ns : undefined).filter(match).map((o) => ({ type: 'ADDED', obj: o }));
  else backlog = store.since(r.name, from)?.filter((e) => match(e.obj));
  if (!backlog) {
    write('ERROR', status(410, 'Expired', `too old resource version: ${from} (${store.history[0]?.rv ?? store.rv})`));
    return res.end();
  }
  for (const e of backlog) write(e.type, e.obj);
  const w = (e) => {
    if (e.type === 'RESET') res.end();
    else if (e.res === r.name && match(e.obj)) write(e.type, e.obj);
  };
  store.watchers.add(w);
  const timeout = Number(query.get('timeoutSeconds') || 1800);
  const t = setTimeout(() => res.end(), timeout * 1000);
  const done = () => {
    clearTimeout(t);
    store.watchers.delete(w);
  };
  res.on('close', done);
  req.on('close', done);
}

/**
 * A Status that says when to retry carries it in the Retry-After header too, which is what
 * client-go reads (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/writers.go,
 * ErrorNegotiated: `if status.Details != nil && status.Details.RetryAfterSeconds > 0`).
 */
const retryAfter = (obj) => (obj?.kind === 'Status' && obj.details?.retryAfterSeconds > 0 ? { 'retry-after': String(obj.details.retryAfterSeconds) } : {});

async function handle(req, res) {
  const send = (code, obj, contentType) => {
    if (res.headersSent) return;
    res.writeHead(code, { 'content-type': contentType ?? (typeof obj === 'string' ? 'text/plain; charset=utf-8' : 'application/json'), ...retryAfter(obj) });
    res.end(typeof obj === 'string' ? obj : JSON.stringify(obj));
  };
  const url = new URL(req.url ?? '/', 'https://lab');
  const path = url.pathname;
  const query = url.searchParams;
  const who = authenticate(req);
  if (!who) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
  if (!allowed(who, req.method, path)) return send(403, forbidden(who, req.method, path));
  const accept = req.headers.accept ?? '';
  if (['/healthz', '/livez', '/readyz'].includes(path)) {
    const ok = path === '/livez' || !backend.down();
    return send(ok ? 200 : 500, healthText(path.slice(1), query.has('verbose'), ok));
  }
  if (path === '/version') {
    return send(200, { major: String(V.major), minor: String(V.minor), gitVersion: V.full, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2020-04-16T11:54:15Z', goVersion: 'go1.13.9', compiler: 'gc', platform: 'linux/amd64' });
  }
  const oa = openapi(V.minor, V.full, path, accept);
  if (oa) {
    res.writeHead(oa.code, { 'content-type': oa.contentType });
    return res.end(Buffer.isBuffer(oa.body) ? oa.body : JSON.stringify(oa.body));
  }
  if (path.startsWith('/openapi/')) return send(404, pathNotFound());
  const disc = discovery(V.minor, path, accept, `${address}:${port}`);
  if (disc) return disc.notFound ? send(404, pathNotFound()) : send(200, disc.body, disc.contentType);

  const route = parseRoute(path);
  const r = route && lookup(V.minor, route.group, route.version, route.res);
  if (!r || (route.sub && !r.sub?.[route.sub])) return send(404, pathNotFound());
  const verb = verbOf(req.method, route, query);
  const allowedVerbs = route.sub ? r.sub[route.sub].verbs : r.verbs;
  if (!verb || !allowedVerbs.includes(verb)) return send(405, methodNotAllowed());
  // etcd unreachable: the storage layer's "unreachable" error becomes a ServerTimeout
  // (apiserver/pkg/storage/errors.go InterpretGetError/InterpretListError/…: errors.NewServerTimeout(resource, verb, 2)).
  if (backend.down()) return send(500, serverTimeout(r, verb));
  if (r.namespaced && !route.ns && (verb === 'create' || (route.name && verb !== 'watch'))) return send(404, pathNotFound());
  const ns = r.namespaced ? route.ns : undefined;
  const table = wantsTable(accept);
  const body = ['POST', 'PUT', 'PATCH'].includes(req.method) ? await readBody(req) : undefined;
  const dryRun = query.has('dryRun');

  // Subresources with their own semantics.
  if (route.sub === 'exec' && r.name === 'pods') {
    const pod = get('pods', ns, route.name);
    if (!pod) return send(404, notFound(r, route.name));
    if (pod.status?.phase !== 'Running') return send(400, badRequest(`pod ${route.name} does not have a host assigned`));
    const node = get('nodes', '', pod.spec.nodeName);
    const k = await kubeletProxy(node, `/exec/${ns}/${route.name}`, body);
    return send(k.status, k.body);
  }
  if (route.sub === 'eviction') {
    if (!body || typeof body !== 'object') return send(400, badRequest('Eviction body is required'));
    const [code, b] = evict(ns, route.name);
    return send(code, b);
  }
  if (route.sub === 'log') {
    const pod = get('pods', ns, route.name);
    if (!pod) return send(404, notFound(r, route.name));
    // No container runs in the lab: a pod's log is what the lab kubelet recorded for it (e.g. flannel's error).
    return send(200, pod.status?.lab?.log ? `${pod.status.lab.log}\n` : '');
  }
  if (route.sub && !['status', 'finalize', 'approval', 'scale'].includes(route.sub)) return send(405, methodNotAllowed());

  if (r.name === 'componentstatuses') {
    // The deprecation warning the real server sends (apiserver/pkg/endpoints/deprecation, RFC 7234 Warning header).
    if (V.minor >= 19) res.setHeader('warning', '299 - "v1 ComponentStatus is deprecated in v1.19+"');
    const items = componentStatuses();
    if (route.name) {
      const c = items.find((i) => i.metadata.name === route.name);
      return c ? send(200, table ? toTable(r.name, [c], '') : c) : send(404, notFound(r, route.name));
    }
    return send(200, table ? toTable(r.name, items, '') : { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items });
  }

  switch (verb) {
    case 'get': {
      if (r.name === 'secrets' && ns === 'kube-system' && route.name === 'kubeadm-certs') collectExpiredKubeadmCerts();
      let o = route.name && get(r.name, ns, route.name);
      if (o && r.name === 'configmaps' && ns === 'kube-public' && route.name === 'cluster-info') o = clusterInfo();
      if (o && r.name === 'poddisruptionbudgets') o = { ...o, status: pdbStatus(o) };
      if (!o) return send(404, notFound(r, route.name));
      return send(200, table ? toTable(r.name, [o], o.metadata.resourceVersion) : o);
    }
    case 'list':
    case 'watch': {
      const labels = labelSelector(query.get('labelSelector'));
      const fields = fieldSelector(query.get('fieldSelector'));
      if (verb === 'watch') return serveWatch(req, res, r, ns, query, table);
      let items = list(r.name, ns).filter((o) => labels(o.metadata?.labels) && fields(o));
      if (r.name === 'poddisruptionbudgets') items = items.map((o) => ({ ...o, status: pdbStatus(o) }));
      items.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
      const rv = String(store.rv);
      if (table) return send(200, toTable(r.name, items, rv));
      return send(200, { kind: `${r.kind}List`, apiVersion: r.group ? `${r.group}/${r.version}` : r.version, metadata: { resourceVersion: rv }, items });
    }
    case 'create': {
      if (!body || typeof body !== 'object' || Array.isArray(body)) return send(400, badRequest('the body of the request was empty or not an object'));
      body.metadata ??= {};
      if (!body.metadata.name && body.metadata.generateName) body.metadata.name = `${body.metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
      const name = body.metadata.name;
      if (!name) return send(422, invalid(r, '', 'metadata.name', 'Required value: name or generateName is required'));
      const bad = nameError(r, name);
      if (bad) return send(422, invalid(r, name, 'metadata.name', bad, name));
      if (route.ns && body.metadata.namespace && body.metadata.namespace !== route.ns) return send(400, badRequest('the namespace of the provided object does not match the namespace sent on the request'));
      if (r.namespaced && !get('namespaces', '', ns)) return send(404, notFound(RESOURCES.find((x) => x.name === 'namespaces'), ns));
      if (get(r.name, ns ?? '', name)) return send(409, alreadyExists(r, name));
      body.apiVersion ??= r.group ? `${r.group}/${r.version}` : r.version;
      body.kind ??= r.kind;
      body.metadata.generation = 1;
      if (r.name === 'certificatesigningrequests') return send(201, dryRun ? body : put(r.name, '', signCsr(body)));
      if (r.name === 'nodes') allocateCidr(body);
      if (r.name === 'pods') body.status = { phase: 'Pending' };
      if (r.name === 'namespaces') body.status = { phase: 'Active' };
      if (r.name === 'namespaces') body.spec = { finalizers: ['kubernetes'] };
      // Defaults the real server sets (pkg/apis/core/v1/defaults.go: SetDefaults_Secret types an
      // untyped secret Opaque; SetDefaults_Namespace labels a namespace with its own name, 1.21+).
      if (r.name === 'secrets') body.type ||= 'Opaque';
      if (r.name === 'namespaces') body.metadata.labels = { ...body.metadata.labels, 'kubernetes.io/metadata.name': name };
      if (dryRun) return send(201, body);
      return send(201, put(r.name, ns ?? '', body));
    }
    case 'update': {
      if (!body || typeof body !== 'object' || Array.isArray(body)) return send(400, badRequest('the body of the request was empty or not an object'));
      const cur = get(r.name, ns ?? '', route.name);
      if (!cur) return send(404, notFound(r, route.name));
      const rv = body.metadata?.resourceVersion;
      if (rv && rv !== cur.metadata.resourceVersion) return send(409, conflict(r, route.name));
      if (route.sub === 'status') {
        // Like the controller-manager's node IPAM controller, which keeps assigning a podCIDR to
        // every node without one: a control plane whose kubelet registered before kubeadm init
        // stored the cluster config gets its range on its next status update.
        if (r.name === 'nodes' && !cur.spec?.podCIDR) allocateCidr(cur);
        const next = { ...cur, status: body.status };
        if (body.metadata?.annotations) next.metadata = { ...cur.metadata, annotations: { ...(cur.metadata.annotations ?? {}), ...body.metadata.annotations } };
        return send(200, dryRun ? next : put(r.name, ns ?? '', next));
      }
      const next = { ...body, metadata: { ...body.metadata, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp, name: cur.metadata.name, generation: (cur.metadata.generation ?? 1) + (JSON.stringify(body.spec) !== JSON.stringify(cur.spec) ? 1 : 0) } };
      if (r.name === 'nodes' && !next.spec?.podCIDR && cur.spec?.podCIDR) next.spec = { ...next.spec, podCIDR: cur.spec.podCIDR, podCIDRs: cur.spec.podCIDRs };
      if (next.status === undefined && cur.status !== undefined) next.status = cur.status;
      return send(200, dryRun ? next : put(r.name, ns ?? '', next));
    }
    case 'patch': {
      const cur = get(r.name, ns ?? '', route.name);
      if (!cur) return send(404, notFound(r, route.name));
      if (body === undefined) return send(400, badRequest('the body of the request was empty'));
      let next = applyPatch(structuredClone(cur), body, req.headers['content-type']);
      const rv = next?.metadata?.resourceVersion;
      if (rv && rv !== cur.metadata.resourceVersion) return send(409, conflict(r, route.name));
      if (!next || typeof next !== 'object') return send(422, invalid(r, route.name, 'metadata', 'Invalid value: the patched object is not an object', ''));
      if (route.sub === 'status') next = { ...cur, status: next.status };
      next.metadata = { ...next.metadata, name: cur.metadata.name, uid: cur.metadata.uid, creationTimestamp: cur.metadata.creationTimestamp };
      if (JSON.stringify(next.spec) !== JSON.stringify(cur.spec)) next.metadata.generation = (cur.metadata.generation ?? 1) + 1;
      return send(200, dryRun ? next : put(r.name, ns ?? '', next));
    }
    case 'delete': {
      if (r.name === 'namespaces' && SYSTEM_NAMESPACES.includes(route.name)) {
        return send(403, status(403, 'Forbidden', `namespaces "${route.name}" is forbidden: this namespace may not be deleted`, { name: route.name, kind: 'namespaces' }));
      }
      const cur = get(r.name, ns ?? '', route.name);
      if (!cur) return send(404, notFound(r, route.name));
      if (dryRun) return send(200, cur);
      const o = del(r.name, ns ?? '', route.name);
      cascadeDelete(r, ns, o);
      return send(200, o);
    }
    case 'deletecollection': {
      const labels = labelSelector(query.get('labelSelector'));
      const fields = fieldSelector(query.get('fieldSelector'));
      const items = list(r.name, ns).filter((o) => labels(o.metadata?.labels) && fields(o));
      if (!dryRun) for (const o of items) cascadeDelete(r, o.metadata.namespace, del(r.name, o.metadata.namespace ?? '', o.metadata.name));
      return send(200, { kind: `${r.kind}List`, apiVersion: r.group ? `${r.group}/${r.version}` : r.version, metadata: { resourceVersion: String(store.rv) }, items });
    }
    default:
      return send(405, methodNotAllowed());
  }
}

const server = https.createServer(
  { key: readFileSync(`${pki}/apiserver.key`), cert: readFileSync(`${pki}/apiserver.crt`), ca: readFileSync(`${pki}/ca.crt`), requestCert: true, rejectUnauthorized: false },
  (req, res) => {
    handle(req, res).catch((e) => {
      // A thrown {code, reason} is a client error (bad JSON, bad selector, bad patch); anything else
      // is the server's fault, answered as the real server does: 500 InternalError, and it keeps serving.
      if (res.headersSent) return res.end();
      const code = Number.isInteger(e?.code) ? e.code : 500;
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(code === 500 ? status(500, 'InternalError', `Internal error occurred: ${String(e?.message ?? e)}`, { causes: [{ message: String(e?.message ?? e) }] }) : status(code, e.reason ?? 'BadRequest', e.message)));
    });
  },
);
// Before the first request: kubeadm writes into kube-system and kube-public as soon as /healthz answers.
store.onLoad = systemNamespaces;
if (!backend.down()) systemNamespaces();
// kubectl exec from a real kubectl (1.30+): a WebSocket upgrade on pods/<name>/exec.
server.on('upgrade', (req, socket) => {
  const who = authenticate(req);
  const u = new URL(req.url ?? '/', 'https://lab');
  const route = parseRoute(u.pathname);
  const refused = !who ? 'no client identity' : !allowed(who, 'POST', u.pathname) ? `${who.user} may not exec` : !route || !isWsExec(req) ? 'not a pod exec' : backend.down() ? 'storage unreachable' : '';
  if (refused) {
    // In the server's log (/var/log/lab-pods/kube-apiserver.log), so a refused exec says why.
    console.error(`exec upgrade refused (${refused}): ${u.pathname}`);
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nforbidden\n');
    return;
  }
  void serveWsExec(req, socket, async (command) => {
    const pods = RESOURCES.find((r) => r.name === 'pods');
    const pod = get('pods', route.ns, route.name);
    if (!pod) return { status: notFound(pods, route.name) };
    if (pod.status?.phase !== 'Running') return { status: badRequest(`pod ${route.name} does not have a host assigned`) };
    const k = await kubeletProxy(get('nodes', '', pod.spec.nodeName), `/exec/${route.ns}/${route.name}`, { command, stdin: '' });
    return k.status === 200 ? k.body : { status: k.body };
  }).catch(() => socket.destroy());
});
// A starting kube-apiserver opens its port only once its storage (etcd) answered: the real one
// blocks creating its storage backend and exits if etcd never comes. So a load balancer's health
// check keeps traffic off a joining control plane until its etcd member runs (the HA scenario).
// A server that was up and then loses etcd keeps answering, with errors (see handle()).
function listenWhenStorageAnswers() {
  if (backend.kind === 'etcd' && backend.down()) return void setTimeout(listenWhenStorageAnswers, 200);
  // Every address unless --bind-address says otherwise, as kube-apiserver's default 0.0.0.0
  // (kube-apiserver reference, --bind-address): kube-vip reaches it at 127.0.0.1 and clients at a
  // VIP the node holds.
  server.listen(port, flag('bind-address', '0.0.0.0'), () => {
    writeFileSync('/run/lab-systemd/apiserver.ready', `${address}:${port}\n`);
  });
}
listenWhenStorageAnswers();
process.on('SIGTERM', () => {
  backend.close();
  process.exit(0);
});
export { kubeconfigYaml, X509Certificate };
