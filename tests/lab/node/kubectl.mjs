#!/usr/bin/env node
// Lab kubectl: talks to the lab API server with the kubeconfig ($KUBECONFIG, ~/.kube/config).
// Table columns and errors follow kubectl's printers (k8s.io/kubernetes/pkg/printers/internalversion)
// and published output, e.g. https://kubernetes.io/docs/reference/kubectl/ .
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import tls from 'node:tls';
import { apiRequest, dialError, humanDuration, kubeVersion, loadKubeconfig, nodeNow, pkgVersion, table, YAML, LAB } from './k8s.mjs';

const args = process.argv.slice(2);
const out = (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
const err = (s) => process.stderr.write(s + '\n');
const V = kubeVersion(pkgVersion('kubectl'));
const dashdash = args.indexOf('--');
const main = dashdash >= 0 ? args.slice(0, dashdash) : args;
const after = dashdash >= 0 ? args.slice(dashdash + 1) : [];
const VALUE = new Set(['-n', '--namespace', '-o', '--output', '-f', '--filename', '--image', '--kubeconfig', '--replicas', '--raw', '-l', '--selector', '-c', '--container', '--timeout', '--server', '-s']);
const flags = {};
const pos = [];
for (let i = 0; i < main.length; i++) {
  const a = main[i];
  if (a.startsWith('--') && a.includes('=')) flags[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
  else if (/^-o\w/.test(a)) flags['-o'] = a.slice(2);
  else if (VALUE.has(a)) flags[a] = main[++i];
  else if (a.startsWith('-')) flags[a] = true;
  else pos.push(a);
}
const f = (...names) => names.map((n) => flags[n]).find((v) => v !== undefined);
const output = f('-o', '--output');
const allNs = f('-A', '--all-namespaces') === true;
const ns = f('-n', '--namespace') ?? 'default';

function conn() {
  const path = f('--kubeconfig') ?? process.env.KUBECONFIG ?? `${homedir()}/.kube/config`;
  if (!existsSync(path)) {
    err('The connection to the server localhost:8080 was refused - did you specify the right host or port?');
    process.exit(1);
  }
  // kubectl's global -s/--server: "The address and port of the Kubernetes API server" (kubectl
  // options), overriding the kubeconfig cluster's server; its credentials and CA stay.
  const server = f('--server', '-s');
  const kc = loadKubeconfig(path);
  return typeof server === 'string' ? { ...kc, server } : kc;
}
async function api(method, path, body) {
  const c = conn();
  try {
    return await apiRequest(c, method, path, body);
  } catch (e) {
    const hp = c.server.replace(/^https:\/\//, '');
    if (e.code === 'ECONNREFUSED') err(`The connection to the server ${hp} was refused - did you specify the right host or port?`);
    else if (e.code === 'CERT_HAS_EXPIRED') err(`Unable to connect to the server: ${await expiredServerCert(c.server)}`);
    else if (/certificate|self.signed|unable to verify/i.test(e.message)) err(`Unable to connect to the server: x509: certificate signed by unknown authority`);
    else err(`Unable to connect to the server: ${dialError(e, hp)}`);
    process.exit(1);
  }
}
// Go's crypto/x509 verify.go (CertificateInvalidError, Reason Expired): "x509: certificate has
// expired or is not yet valid: current time <now RFC3339> is after <NotAfter RFC3339>", as kubectl
// prints it for an API server whose serving certificate expired (kubernetes/minikube#8945,
// k0sproject/k0s#1766). The lab nodes run in UTC, so Go's RFC3339 of the local time ends in Z.
const rfc3339 = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
function expiredServerCert(server) {
  const url = new URL(server);
  return new Promise((resolve) => {
    const s = tls.connect({ host: url.hostname, port: Number(url.port) || 443, rejectUnauthorized: false }, () => {
      const notAfter = Date.parse(s.getPeerCertificate().valid_to ?? '');
      s.destroy();
      const detail = Number.isNaN(notAfter) ? '' : `: current time ${rfc3339(nodeNow())} is after ${rfc3339(notAfter)}`;
      resolve(`x509: certificate has expired or is not yet valid${detail}`);
    });
    s.on('error', () => resolve('x509: certificate has expired or is not yet valid'));
  });
}
function failStatus(r) {
  err(`Error from server (${r.body?.reason ?? 'InternalError'}): ${r.body?.message ?? r.status}`);
  process.exit(1);
}

const RES = {
  nodes: ['nodes', '/api/v1', false], node: ['nodes', '/api/v1', false], no: ['nodes', '/api/v1', false],
  pods: ['pods', '/api/v1', true], pod: ['pods', '/api/v1', true], po: ['pods', '/api/v1', true],
  componentstatuses: ['componentstatuses', '/api/v1', false], cs: ['componentstatuses', '/api/v1', false], componentstatus: ['componentstatuses', '/api/v1', false],
  namespaces: ['namespaces', '/api/v1', false], ns: ['namespaces', '/api/v1', false], namespace: ['namespaces', '/api/v1', false],
  configmaps: ['configmaps', '/api/v1', true], cm: ['configmaps', '/api/v1', true], configmap: ['configmaps', '/api/v1', true],
  secrets: ['secrets', '/api/v1', true], secret: ['secrets', '/api/v1', true],
  services: ['services', '/api/v1', true], svc: ['services', '/api/v1', true], service: ['services', '/api/v1', true],
  daemonsets: ['daemonsets', '/apis/apps/v1', true], ds: ['daemonsets', '/apis/apps/v1', true], daemonset: ['daemonsets', '/apis/apps/v1', true],
  // policy/v1 from 1.21 (kubernetes deprecation guide: policy/v1beta1 PodDisruptionBudget served until 1.25).
  poddisruptionbudgets: ['poddisruptionbudgets', V.minor >= 21 ? '/apis/policy/v1' : '/apis/policy/v1beta1', true], pdb: ['poddisruptionbudgets', V.minor >= 21 ? '/apis/policy/v1' : '/apis/policy/v1beta1', true],
  deployments: ['deployments', '/apis/apps/v1', true], deploy: ['deployments', '/apis/apps/v1', true], deployment: ['deployments', '/apis/apps/v1', true],
};
const GROUP = { DaemonSet: '/apis/apps/v1', Deployment: '/apis/apps/v1', ReplicaSet: '/apis/apps/v1', ClusterRole: '/apis/rbac.authorization.k8s.io/v1', ClusterRoleBinding: '/apis/rbac.authorization.k8s.io/v1', Role: '/apis/rbac.authorization.k8s.io/v1', RoleBinding: '/apis/rbac.authorization.k8s.io/v1', PodSecurityPolicy: '/apis/policy/v1beta1' };
const PLURAL = { Pod: 'pods', Node: 'nodes', Namespace: 'namespaces', ConfigMap: 'configmaps', Secret: 'secrets', Service: 'services', ServiceAccount: 'serviceaccounts', DaemonSet: 'daemonsets', Deployment: 'deployments', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings', Role: 'roles', RoleBinding: 'rolebindings', PodSecurityPolicy: 'podsecuritypolicies' };
const CLUSTER = new Set(['Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'PodSecurityPolicy']);

const age = (o) => humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp));
function nodeRoles(n) {
  const r = Object.keys(n.metadata.labels ?? {}).filter((l) => l.startsWith('node-role.kubernetes.io/')).map((l) => l.split('/')[1]).sort();
  return r.length ? r.join(',') : '<none>';
}
// kubectl's printNode (kubernetes/kubernetes v1.19.16 pkg/printers/internalversion/printers.go):
// the Ready condition as `Ready` or `NotReady` (any status but True), `Unknown` without one, then
// `,SchedulingDisabled` appended when spec.unschedulable is set (a cordoned or drained node).
function nodeStatus(n) {
  const c = n.status?.conditions?.find((x) => x.type === 'Ready');
  const ready = c === undefined ? 'Unknown' : c.status === 'True' ? 'Ready' : 'NotReady';
  return n.spec?.unschedulable === true ? `${ready},SchedulingDisabled` : ready;
}
function podStatus(p) {
  const cs = p.status?.containerStatuses ?? [];
  const waiting = cs.find((c) => c.state?.waiting)?.state.waiting.reason;
  if (waiting) return waiting;
  if (p.status?.phase === 'Running') return 'Running';
  if (p.spec.nodeName && p.status?.phase === 'Pending') return 'ContainerCreating';
  return p.status?.phase ?? 'Pending';
}
const podReady = (p) => `${(p.status?.containerStatuses ?? []).filter((c) => c.ready).length}/${(p.spec.containers ?? []).length}`;

function printTable(kind, items, wide) {
  const withNs = allNs && kind !== 'nodes' && kind !== 'componentstatuses' && kind !== 'namespaces';
  let rows;
  if (kind === 'nodes') {
    rows = [['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', ...(wide ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] : [])]];
    for (const n of items) {
      const i = n.status?.nodeInfo ?? {};
      rows.push([n.metadata.name, nodeStatus(n), nodeRoles(n), age(n), i.kubeletVersion ?? '', ...(wide ? [n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '<none>', '<none>', i.osImage, i.kernelVersion, i.containerRuntimeVersion] : [])]);
    }
  } else if (kind === 'pods') {
    rows = [[...(withNs ? ['NAMESPACE'] : []), 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', ...(wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : [])]];
    for (const p of items) rows.push([...(withNs ? [p.metadata.namespace] : []), p.metadata.name, podReady(p), podStatus(p), '0', age(p), ...(wide ? [p.status?.podIP ?? '<none>', p.spec.nodeName ?? '<none>', '<none>', '<none>'] : [])]);
  } else if (kind === 'componentstatuses') {
    if (V.minor >= 19) err('Warning: v1 ComponentStatus is deprecated in v1.19+');
    rows = [['NAME', 'STATUS', 'MESSAGE', 'ERROR']];
    for (const c of items) rows.push([c.metadata.name, 'Healthy', c.conditions[0].message, '']);
  } else if (kind === 'poddisruptionbudgets') {
    // kubectl get pdb (printers: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE).
    rows = [[...(withNs ? ['NAMESPACE'] : []), 'NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']];
    for (const b of items) rows.push([...(withNs ? [b.metadata.namespace] : []), b.metadata.name, b.spec?.minAvailable !== undefined ? String(b.spec.minAvailable) : 'N/A', b.spec?.maxUnavailable !== undefined ? String(b.spec.maxUnavailable) : 'N/A', String(b.status?.disruptionsAllowed ?? 0), age(b)]);
  } else if (kind === 'namespaces') {
    rows = [['NAME', 'STATUS', 'AGE']];
    for (const n of items) rows.push([n.metadata.name, 'Active', age(n)]);
  } else {
    rows = [[...(withNs ? ['NAMESPACE'] : []), 'NAME', 'AGE']];
    for (const o of items) rows.push([...(withNs ? [o.metadata.namespace] : []), o.metadata.name, age(o)]);
  }
  if (rows.length === 1) {
    err(allNs || kind === 'nodes' ? 'No resources found' : `No resources found in ${ns} namespace.`);
    return;
  }
  // --no-headers (kubectl get's PrintFlags): the rows alone, columns as wide as the rows need.
  process.stdout.write(table(f('--no-headers') === true ? rows.slice(1) : rows));
}

async function get() {
  if (f('--raw')) {
    const r = await api('GET', f('--raw'));
    if (r.status >= 400) failStatus(r);
    return out(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  }
  const type = pos[1];
  const spec = RES[type?.split('/')[0]];
  if (!spec) {
    err(`error: the server doesn't have a resource type "${type ?? ''}"`);
    process.exit(1);
  }
  const [res, prefix, namespaced] = spec;
  const name = type.includes('/') ? type.split('/')[1] : pos[2];
  const path = `${prefix}${namespaced && !allNs ? `/namespaces/${ns}` : ''}/${res}${name ? `/${name}` : ''}`;
  const r = await api('GET', path);
  if (r.status >= 400) {
    if (r.status === 404 && name) {
      err(`Error from server (NotFound): ${res} "${name}" not found`);
      process.exit(1);
    }
    failStatus(r);
  }
  const items = name ? [r.body] : r.body.items;
  if (output === 'json') return out(JSON.stringify(name ? r.body : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4));
  if (output === 'yaml') return out(YAML.stringify(name ? r.body : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }));
  if (output === 'name') return items.forEach((o) => out(`${res.replace(/s$/, '')}/${o.metadata.name}`));
  if (output?.startsWith('jsonpath=')) {
    const expr = output.slice(9).replace(/^\{|\}$/g, '');
    const m = /^\.items\[\*\]\.(.+)$/.exec(expr) ?? /^\.(.+)$/.exec(expr);
    // Fields and list indexes, as kubectl's JSONPath reads `.metadata.ownerReferences[0].name`.
    const pick = (o) => m[1].split('.').flatMap((k) => k.split(/\[(\d+)\]/).filter(Boolean)).reduce((x, k) => x?.[k], o);
    return process.stdout.write((expr.startsWith('.items') ? items.map(pick).join(' ') : String(pick(r.body) ?? '')));
  }
  printTable(res, items, output === 'wide');
}

async function fetchManifest(src) {
  if (src === '-') return readFileSync(0, 'utf8');
  if (/^https?:\/\//.test(src)) {
    const u = new URL(src);
    const file = `${LAB}/www/${u.hostname}${u.pathname}`;
    if (!existsSync(`${LAB}/www/${u.hostname}`)) {
      err(`error: unable to read URL "${src}", server reported 0 , status code=0`.replace(/.*/, `Unable to connect to the server: dial tcp: lookup ${u.hostname} on 127.0.0.53:53: server misbehaving`));
      process.exit(1);
    }
    if (!existsSync(file)) {
      err(`error: unable to read URL "${src}", server reported 404 Not Found, status code=404`);
      process.exit(1);
    }
    return readFileSync(file, 'utf8');
  }
  if (!existsSync(src)) {
    err(`error: the path "${src}" does not exist`);
    process.exit(1);
  }
  return readFileSync(src, 'utf8');
}

async function apply(verb) {
  const src = f('-f', '--filename');
  if (!src) {
    err('error: must specify one of -f and -k');
    process.exit(1);
  }
  const docs = YAML.parseAllDocuments(await fetchManifest(src)).map((d) => d.toJSON()).filter((d) => d && d.kind);
  for (const d of docs) {
    const plural = PLURAL[d.kind] ?? `${d.kind.toLowerCase()}s`;
    const prefix = GROUP[d.kind] ?? (d.apiVersion.includes('/') ? `/apis/${d.apiVersion}` : '/api/v1');
    const dns = d.metadata.namespace ?? ns;
    const base = `${prefix}${CLUSTER.has(d.kind) ? '' : `/namespaces/${dns}`}/${plural}`;
    const group = prefix.startsWith('/apis/') ? `.${prefix.split('/')[2]}` : '';
    const label = `${d.kind.toLowerCase()}${group === '.apps' ? '.apps' : group}/${d.metadata.name}`;
    if (verb === 'delete') {
      const r = await api('DELETE', `${base}/${d.metadata.name}`);
      out(r.status < 400 ? `${label} deleted` : `Error from server (NotFound): ${plural} "${d.metadata.name}" not found`);
      continue;
    }
    const cur = await api('GET', `${base}/${d.metadata.name}`);
    if (cur.status === 200) {
      if (verb === 'create') {
        err(`Error from server (AlreadyExists): error when creating "${src}": ${plural} "${d.metadata.name}" already exists`);
        continue;
      }
      const same = JSON.stringify(cur.body.spec ?? cur.body.data) === JSON.stringify(d.spec ?? d.data);
      await api('PUT', `${base}/${d.metadata.name}`, d);
      out(`${label} ${same ? 'unchanged' : 'configured'}`);
    } else {
      const r = await api('POST', base, d);
      if (r.status >= 400) failStatus(r);
      out(`${label} created`);
    }
  }
}

async function run() {
  const name = pos[1];
  const image = f('--image');
  if (f('--replicas') !== undefined) {
    if (V.minor >= 20) {
      err('error: unknown flag: --replicas');
      err("See 'kubectl run --help' for usage.");
      process.exit(1);
    }
    err('Flag --replicas has been deprecated, has no effect and will be removed in the future.');
  }
  if (!name || !image) {
    err(!name ? 'error: NAME is required for run' : 'error: required flag(s) "image" not set');
    process.exit(1);
  }
  const cargs = [...pos.slice(2), ...after];
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: { run: name } }, spec: { containers: [{ name, image, ...(cargs.length ? (f('--command') ? { command: cargs } : { args: cargs }) : {}) }], restartPolicy: 'Always' } };
  const r = await api('POST', `/api/v1/namespaces/${ns}/pods`, pod);
  if (r.status === 409) {
    err(`Error from server (AlreadyExists): pods "${name}" already exists`);
    process.exit(1);
  }
  if (r.status >= 400) failStatus(r);
  out(`pod/${name} created`);
}

async function exec() {
  const pod = pos[1];
  const cmd = after.length ? after : pos.slice(2);
  if (!after.length && cmd.length) err('kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.');
  const stdin = f('-i', '-it', '-ti', '--stdin') ? (process.stdin.isTTY ? '' : readFileSync(0, 'utf8')) : '';
  const r = await api('POST', `/api/v1/namespaces/${ns}/pods/${pod}/exec`, { command: cmd, stdin });
  if (r.status === 404) {
    err(`Error from server (NotFound): pods "${pod}" not found`);
    process.exit(1);
  }
  if (r.status >= 400) failStatus(r);
  process.stdout.write(r.body.stdout ?? '');
  process.stderr.write(r.body.stderr ?? '');
  if (r.body.code) {
    err(`command terminated with exit code ${r.body.code}`);
    process.exit(r.body.code);
  }
}

async function del() {
  if (f('-f', '--filename')) return apply('delete');
  const [res, prefix, namespaced] = RES[pos[1]] ?? [];
  if (!res) {
    err(`error: the server doesn't have a resource type "${pos[1]}"`);
    process.exit(1);
  }
  for (const name of pos.slice(2)) {
    const r = await api('DELETE', `${prefix}${namespaced ? `/namespaces/${ns}` : ''}/${res}/${name}`);
    if (r.status === 404) {
      err(`Error from server (NotFound): ${res} "${name}" not found`);
      process.exitCode = 1;
    } else out(`${res.replace(/s$/, '')} "${name}" deleted`);
  }
}

async function getNode(name) {
  const node = await api('GET', `/api/v1/nodes/${name}`);
  if (node.status === 404) {
    err(`Error from server (NotFound): nodes "${name}" not found`);
    process.exit(1);
  }
  if (node.status >= 400) failStatus(node);
  return node;
}

// `kubectl cordon|uncordon NODE` (and drain's cordon): spec.unschedulable set, printed as
// kubectl's RunCordonOrUncordon does ("node/%s cordoned", "node/%s already uncordoned":
// staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go).
async function cordon(node, desired) {
  const name = node.body.metadata.name;
  const word = desired ? 'cordoned' : 'uncordoned';
  if ((node.body.spec?.unschedulable === true) === desired) return out(`node/${name} already ${word}`);
  // A patch of spec.unschedulable alone, never a whole-object update: kubectl's CordonHelper
  // (staging/src/k8s.io/kubectl/pkg/drain/cordon.go PatchOrReplace) sends a strategic merge patch
  // made by CreateTwoWayMergePatch, which carries no resourceVersion, so a kubelet's status update
  // in between cannot make it fail with a Conflict (a PUT of the object read before would).
  const r = await api('PATCH', `/api/v1/nodes/${name}`, { spec: { unschedulable: desired } });
  if (r.status >= 400) failStatus(r);
  out(`node/${name} ${word}`);
}

// kubectl 1.20 added --delete-emptydir-data and deprecated --delete-local-data
// (kubernetes/kubernetes#95076, CHANGELOG-1.20): an older kubectl refuses the new name as cobra
// refuses any unknown flag; a newer one warns about the old name (wording as printed, e.g.
// https://github.com/k0sproject/k0sctl/issues/102).
function drainFlags() {
  if (V.minor < 20 && f('--delete-emptydir-data') !== undefined) {
    err('Error: unknown flag: --delete-emptydir-data');
    err("See 'kubectl drain --help' for usage.");
    process.exit(1);
  }
  if (V.minor >= 20 && f('--delete-local-data') !== undefined)
    err('Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.');
}

// Go's time.Duration String() for whole seconds, as kubectl prints --timeout ("2s", "2m0s").
function goDuration(sec) {
  const h = Math.floor(sec / 3600), m = Math.floor((sec % 3600) / 60), s = sec % 60;
  return h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`;
}
// kubectl's --timeout: a Go duration ("120s", "2m", "1h30m"); 0 (the default) waits forever.
function drainTimeoutSeconds() {
  const v = String(f('--timeout') ?? '0');
  if (v === '0') return Infinity;
  const parts = [...v.matchAll(/(\d+)(h|m|s)/g)];
  if (!parts.length || parts.map((x) => x[0]).join('') !== v) {
    err(`Error: invalid argument "${v}" for "--timeout" flag: time: invalid duration "${v}"`);
    process.exit(1);
  }
  return parts.reduce((t, [, n, u]) => t + Number(n) * { h: 3600, m: 60, s: 1 }[u], 0);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The wording of kubectl's eviction loop (k8s.io/kubectl/pkg/drain/drain.go, evictPods): a 429
// from the eviction subresource (a PodDisruptionBudget allowing no disruption) prints a retry line
// and tries again after 5 s until the global --timeout. Up to 1.20 the pod is named alone
// (`error when evicting pod %q (will retry after 5s): %v`, as in kubernetes/kubernetes#93947's
// diff of drain.go); later releases add its namespace (`error when evicting pods/%q -n %q (will
// retry after 5s): %v`, kubernetes/kubernetes#87843; published in
// ansible-collections/kubernetes.core#711). The timeout is the pod's error
// (`...: global timeout reached: %v`, the ctx.Done() branch of the same loop).
const podRef = (p) => (V.minor >= 21 ? `pods/"${p.metadata.name}" -n "${p.metadata.namespace}"` : `pod "${p.metadata.name}"`);
// policy/v1 Eviction from kubectl 1.22 on a server that serves it; policy/v1beta1 before.
const evictionVersion = () => (V.minor >= 22 ? 'policy/v1' : 'policy/v1beta1');

/** One pod out by the eviction subresource, retried on 429 until the deadline; the error or ''. */
async function evictOne(p, deadline, timeoutText) {
  const path = `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}/eviction`;
  const body = { apiVersion: evictionVersion(), kind: 'Eviction', metadata: { name: p.metadata.name, namespace: p.metadata.namespace } };
  for (;;) {
    out(`evicting pod ${p.metadata.namespace}/${p.metadata.name}`);
    if (Date.now() >= deadline) return `error when evicting ${podRef(p)}: global timeout reached: ${timeoutText}`;
    const r = await api('POST', path, body);
    if (r.status < 300 || r.status === 404) {
      out(`pod/${p.metadata.name} evicted`);
      return '';
    }
    if (r.status !== 429) return `error when evicting ${podRef(p)}: ${r.body?.message ?? r.status}`;
    err(`error when evicting ${podRef(p)} (will retry after 5s): ${r.body?.message ?? ''}`);
    await sleep(Math.min(5000, Math.max(0, deadline - Date.now())));
  }
}

// `kubectl drain NODE`: cordon (spec.unschedulable), then every pod bound to the node evicted
// except DaemonSet-managed ones (refused without --ignore-daemonsets). Lines as kubectl's drain
// command prints them (staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go: "node/%s cordoned",
// "WARNING: ignoring DaemonSet-managed Pods: …", "evicting pod %s/%s", "pod/%s evicted",
// "node/%s drained"). Pods go through the eviction subresource, which the lab API server refuses
// for a PodDisruptionBudget as the real one does; --disable-eviction (kubectl 1.18+,
// kubernetes/kubernetes#85571) deletes them instead ("pod/%s deleted"). A pod still there at
// --timeout fails the drain: `error: unable to drain node %q due to error:%s, continuing
// command...` then "There are pending nodes to be drained:" (cmd/drain/drain.go RunDrain).
async function drain() {
  const name = pos[1];
  drainFlags();
  const timeout = drainTimeoutSeconds();
  const deadline = Date.now() + timeout * 1000;
  const node = await getNode(name);
  await cordon(node, true);
  const pods = ((await api('GET', '/api/v1/pods')).body.items ?? []).filter((p) => p.spec?.nodeName === name);
  const ds = pods.filter((p) => (p.metadata.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet'));
  if (ds.length > 0) {
    const list = ds.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ');
    if (f('--ignore-daemonsets') !== true) {
      err(`error: unable to drain node "${name}" due to error:cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${list}, continuing command...`);
      process.exit(1);
    }
    err(`WARNING: ignoring DaemonSet-managed Pods: ${list}`);
  }
  const movable = pods.filter((x) => !ds.includes(x));
  if (f('--disable-eviction') === true) {
    for (const p of movable) {
      await api('DELETE', `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`);
      out(`pod/${p.metadata.name} deleted`);
    }
    return out(`node/${name} drained`);
  }
  const errors = (await Promise.all(movable.map((p) => evictOne(p, deadline, goDuration(timeout))))).filter(Boolean);
  if (errors.length) {
    // utilerrors.NewAggregate: one error as itself, several as [a, b].
    const agg = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
    err(`error: unable to drain node "${name}" due to error:${agg}, continuing command...`);
    err(`There are pending nodes to be drained:\n ${name}\n${agg}`);
    process.exit(1);
  }
  out(`node/${name} drained`);
}

// `kubectl annotate [--overwrite] node NAME key=value | key-` (nodes only, what kubelab uses):
// "node/%s annotated" (kubectl's annotate.go prints the object and the verb); a changed value
// without --overwrite is refused as kubectl refuses it ("error: --overwrite is false but found the
// following declared annotation(s): '%s' already has a value (%s)").
async function annotate() {
  const [kind, name, ...pairs] = pos.slice(1);
  if (!/^(node|nodes|no)$/.test(kind ?? '')) {
    err(`error: the server doesn't have a resource type "${kind ?? ''}"`);
    process.exit(1);
  }
  const node = (await getNode(name)).body;
  const annotations = { ...(node.metadata.annotations ?? {}) };
  for (const pair of pairs) {
    if (pair.endsWith('-')) {
      Reflect.deleteProperty(annotations, pair.slice(0, -1));
      continue;
    }
    const [key, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    if (f('--overwrite') !== true && annotations[key] !== undefined && annotations[key] !== value) {
      err(`error: --overwrite is false but found the following declared annotation(s): '${key}' already has a value (${annotations[key]})`);
      process.exit(1);
    }
    annotations[key] = value;
  }
  // Sent as a JSON merge patch of the annotations that changed (a removed one as null), as
  // kubectl's annotate.go does (jsonpatch.CreateMergePatch, types.MergePatchType): no
  // resourceVersion, so it does not conflict with a kubelet's status update in between.
  const before = node.metadata.annotations ?? {};
  const changed = Object.fromEntries([
    ...Object.keys(before).filter((k) => !(k in annotations)).map((k) => [k, null]),
    ...Object.entries(annotations).filter(([k, v]) => before[k] !== v),
  ]);
  const r = await api('PATCH', `/api/v1/nodes/${name}`, { metadata: { annotations: changed } });
  if (r.status >= 400) failStatus(r);
  out(`node/${name} annotated`);
}

switch (pos[0]) {
  case 'annotate':
    await annotate();
    break;
  case 'drain':
    await drain();
    break;
  case 'cordon':
  case 'uncordon':
    await cordon(await getNode(pos[1]), pos[0] === 'cordon');
    break;
  case 'get':
    await get();
    break;
  case 'apply':
  case 'create':
    await apply(pos[0]);
    break;
  case 'run':
    await run();
    break;
  case 'exec':
    await exec();
    break;
  case 'delete':
    await del();
    break;
  case 'cluster-info': {
    const c = conn();
    await api('GET', '/healthz');
    out(`\u001b[0;32mKubernetes ${V.minor >= 21 ? 'control plane' : 'master'}\u001b[0m is running at \u001b[0;33m${c.server}\u001b[0m`);
    out(`\u001b[0;32mKubeDNS\u001b[0m is running at \u001b[0;33m${c.server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\u001b[0m`);
    out('');
    out("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
    break;
  }
  case 'version': {
    const client = { major: String(V.major), minor: String(V.minor), gitVersion: V.full, gitCommit: '52c56ce7a8272c798dbc29846288d7cd9fbae032', gitTreeState: 'clean', buildDate: '2020-04-16T11:56:40Z', goVersion: 'go1.13.9', compiler: 'gc', platform: 'linux/amd64' };
    const clientOnly = f('--client') === true;
    const server = clientOnly ? undefined : (await api('GET', '/version')).body;
    if (output === 'json') out(JSON.stringify({ clientVersion: client, ...(server ? { serverVersion: server } : {}) }, null, 2));
    else if (f('--short') === true || V.minor >= 28) {
      out(`Client Version: ${V.full}`);
      if (V.minor >= 24 && V.minor < 28) out('Kustomize Version: v4.5.7');
      if (server) out(`Server Version: ${server.gitVersion}`);
    } else {
      const gs = (o) => `version.Info{Major:"${o.major}", Minor:"${o.minor}", GitVersion:"${o.gitVersion}", GitCommit:"${o.gitCommit}", GitTreeState:"clean", BuildDate:"${o.buildDate}", GoVersion:"${o.goVersion}", Compiler:"gc", Platform:"linux/amd64"}`;
      out(`Client Version: ${gs(client)}`);
      if (server) out(`Server Version: ${gs(server)}`);
    }
    break;
  }
  default:
    err(`error: unknown command "${pos[0] ?? ''}" for "kubectl"`);
    process.exit(1);
}
