// Server-side printing (Accept: application/json;as=Table;v=v1;g=meta.k8s.io): the columns and
// cells of the kube-apiserver's printers, pkg/printers/internalversion/printers.go (v1.27–v1.33):
// nodes, pods, namespaces, events, configmaps, secrets, serviceaccounts, services, daemonsets,
// deployments, replicasets, leases, poddisruptionbudgets, componentstatuses; any other resource
// gets the default table (Name, Created At: apiserver/pkg/registry/rest/table.go).
// Priority 1 columns are the ones `-o wide` adds. Ages are duration.HumanDuration.
import { humanDuration } from '../k8s.mjs';

const col = (name, type = 'string', priority = 0, format = '') => ({ name, type, format: name === 'Name' ? 'name' : format, description: '', priority });
const age = (o) => (o?.metadata?.creationTimestamp ? humanDuration(Date.now() - Date.parse(o.metadata.creationTimestamp)) : '<unknown>');
const none = (v) => (v === undefined || v === null || v === '' ? '<none>' : v);
const labelSel = (sel) => (sel && Object.keys(sel).length ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>');
const selector = (ls) => {
  if (!ls) return '<none>';
  const parts = Object.entries(ls.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of ls.matchExpressions ?? []) parts.push(e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator.toLowerCase()} (${e.values.join(',')})`);
  return parts.length ? parts.join(',') : '<none>';
};
const containers = (spec) => (spec?.containers ?? []).map((c) => c.name).join(',');
const images = (spec) => (spec?.containers ?? []).map((c) => c.image).join(',');

function nodeStatus(n) {
  const c = n.status?.conditions?.find((x) => x.type === 'Ready');
  const s = [c?.status === 'True' ? 'Ready' : c ? 'NotReady' : 'Unknown'];
  if (n.spec?.unschedulable) s.push('SchedulingDisabled');
  return s.join(',');
}
function nodeRoles(n) {
  const roles = new Set();
  for (const [k, v] of Object.entries(n.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 24) roles.add(k.slice(24));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}
function podStatus(p) {
  if (p.metadata.deletionTimestamp) return 'Terminating';
  let reason = p.status?.reason ?? p.status?.phase ?? 'Pending';
  for (const c of p.status?.containerStatuses ?? []) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
  }
  if (reason === 'Pending' && p.spec?.nodeName && (p.status?.containerStatuses ?? []).length === 0) return 'ContainerCreating';
  return reason;
}
const podReady = (p) => `${(p.status?.containerStatuses ?? []).filter((c) => c.ready).length}/${(p.spec?.containers ?? []).length}`;
const restarts = (p) => String((p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0));

/** Printers: [columns, row cells of one object]. */
const PRINTERS = {
  nodes: [
    [col('Name'), col('Status'), col('Roles'), col('Age'), col('Version'), col('Internal-IP', 'string', 1), col('External-IP', 'string', 1), col('OS-Image', 'string', 1), col('Kernel-Version', 'string', 1), col('Container-Runtime', 'string', 1)],
    (n) => {
      const i = n.status?.nodeInfo ?? {};
      const addr = (t) => none(n.status?.addresses?.find((a) => a.type === t)?.address);
      return [n.metadata.name, nodeStatus(n), nodeRoles(n), age(n), i.kubeletVersion ?? '', addr('InternalIP'), addr('ExternalIP'), none(i.osImage), none(i.kernelVersion), none(i.containerRuntimeVersion)];
    },
  ],
  pods: [
    [col('Name'), col('Ready'), col('Status'), col('Restarts', 'string'), col('Age'), col('IP', 'string', 1), col('Node', 'string', 1), col('Nominated Node', 'string', 1), col('Readiness Gates', 'string', 1)],
    (p) => [p.metadata.name, podReady(p), podStatus(p), restarts(p), age(p), none(p.status?.podIP), none(p.spec?.nodeName), none(p.status?.nominatedNodeName), p.spec?.readinessGates?.length ? `0/${p.spec.readinessGates.length}` : '<none>'],
  ],
  namespaces: [[col('Name'), col('Status'), col('Age')], (n) => [n.metadata.name, n.status?.phase ?? 'Active', age(n)]],
  events: [
    [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Subobject', 'string', 1), col('Source', 'string', 1), col('Message'), col('First Seen', 'string', 1), col('Count', 'string', 1), col('Name', 'string', 1)],
    (e) => {
      const last = e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      const first = e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
      const since = (t) => (t ? humanDuration(Date.now() - Date.parse(t)) : '<unknown>');
      const src = [e.source?.component ?? e.reportingComponent, e.source?.host].filter(Boolean).join(', ');
      return [since(last), e.type ?? '', e.reason ?? '', `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`, e.involvedObject?.fieldPath ?? '', src, (e.message ?? '').trim(), since(first), String(e.count ?? 1), e.metadata.name];
    },
  ],
  configmaps: [[col('Name'), col('Data', 'integer'), col('Age')], (c) => [c.metadata.name, Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(c)]],
  secrets: [[col('Name'), col('Type'), col('Data', 'integer'), col('Age')], (s) => [s.metadata.name, s.type ?? 'Opaque', Object.keys(s.data ?? {}).length, age(s)]],
  serviceaccounts: [[col('Name'), col('Secrets', 'integer'), col('Age')], (s) => [s.metadata.name, (s.secrets ?? []).length, age(s)]],
  services: [
    [col('Name'), col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age'), col('Selector', 'string', 1)],
    (s) => [s.metadata.name, s.spec?.type ?? 'ClusterIP', s.spec?.clusterIP ?? '<none>', (s.spec?.externalIPs ?? []).join(',') || '<none>', (s.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>', age(s), labelSel(s.spec?.selector)],
  ],
  daemonsets: [
    [col('Name'), col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Node Selector'), col('Age'), col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    (d) => {
      const s = d.status ?? {};
      return [d.metadata.name, s.desiredNumberScheduled ?? 0, s.currentNumberScheduled ?? 0, s.numberReady ?? 0, s.updatedNumberScheduled ?? 0, s.numberAvailable ?? 0, labelSel(d.spec?.template?.spec?.nodeSelector), age(d), containers(d.spec?.template?.spec), images(d.spec?.template?.spec), selector(d.spec?.selector)];
    },
  ],
  deployments: [
    [col('Name'), col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Age'), col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    (d) => {
      const s = d.status ?? {};
      return [d.metadata.name, `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0, age(d), containers(d.spec?.template?.spec), images(d.spec?.template?.spec), selector(d.spec?.selector)];
    },
  ],
  replicasets: [
    [col('Name'), col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), col('Age'), col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)],
    (r) => [r.metadata.name, r.spec?.replicas ?? 1, r.status?.replicas ?? 0, r.status?.readyReplicas ?? 0, age(r), containers(r.spec?.template?.spec), images(r.spec?.template?.spec), selector(r.spec?.selector)],
  ],
  leases: [[col('Name'), col('Holder'), col('Age')], (l) => [l.metadata.name, l.spec?.holderIdentity ?? '', age(l)]],
  poddisruptionbudgets: [
    [col('Name'), col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions', 'integer'), col('Age')],
    (p) => [p.metadata.name, p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : 'N/A', p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : 'N/A', p.status?.disruptionsAllowed ?? 0, age(p)],
  ],
  componentstatuses: [
    [col('Name'), col('Status'), col('Message'), col('Error')],
    (c) => {
      const h = c.conditions?.find((x) => x.type === 'Healthy');
      return [c.metadata.name, h?.status === 'True' ? 'Healthy' : 'Unhealthy', h?.message ?? '', h?.error ?? ''];
    },
  ],
};
const DEFAULT = [[col('Name'), col('Created At', 'date', 0, '')], (o) => [o.metadata.name, o.metadata.creationTimestamp]];
DEFAULT[0][1].description = 'CreationTimestamp is a timestamp representing the server time when this object was created.';

/** Whether the Accept header asks for a Table (meta.k8s.io v1 or v1beta1). */
export function wantsTable(accept = '') {
  return accept.split(',').some((p) => /as=Table/.test(p) && /g=meta\.k8s\.io/.test(p));
}

/** A meta.k8s.io/v1 Table of `items` (each row carries its PartialObjectMetadata, as includeObject=Metadata does). */
export function toTable(resource, items, resourceVersion, { headers = true } = {}) {
  const [columns, cells] = PRINTERS[resource] ?? DEFAULT;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    ...(headers ? { columnDefinitions: columns } : { columnDefinitions: null }),
    rows: items.map((o) => ({ cells: cells(o), object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata } })),
  };
}
