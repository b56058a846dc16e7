// The resource types the lab API server serves, per group/version, as the real server lists them
// in discovery. Names, kinds, verbs, short names and categories follow the kube-apiserver's own
// discovery documents (kubernetes/kubernetes api/discovery/api__v1.json, apis__apps__v1.json,
// apis__policy__v1.json, apis__coordination.k8s.io__v1.json … at v1.33) and `kubectl api-resources`.
// Which versions a group serves follows the removals in the deprecation guide
// (https://kubernetes.io/docs/reference/using-api/deprecation-guide/): policy/v1beta1
// PodDisruptionBudget served up to 1.24, policy/v1 from 1.21; ComponentStatus is deprecated (1.19)
// but still served by every release up to 1.33.

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_DC = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS = ['get', 'patch', 'update'];

/**
 * One served resource. `sub` lists subresources (name → {kind, verbs, group?, version?}).
 * `min`/`max`: the Kubernetes minors that serve it (inclusive).
 * @typedef {{group: string, version: string, name: string, kind: string, namespaced: boolean, verbs: string[], shortNames?: string[], categories?: string[], sub?: Record<string, {kind: string, verbs: string[], group?: string, version?: string}>, min?: number, max?: number}} Resource
 */

/** @type {Resource[]} */
const RESOURCES = [
  { group: '', version: 'v1', name: 'bindings', kind: 'Binding', namespaced: true, verbs: ['create'] },
  { group: '', version: 'v1', name: 'componentstatuses', kind: 'ComponentStatus', namespaced: false, verbs: ['get', 'list'], shortNames: ['cs'] },
  { group: '', version: 'v1', name: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: ALL, shortNames: ['cm'] },
  { group: '', version: 'v1', name: 'endpoints', kind: 'Endpoints', namespaced: true, verbs: ALL, shortNames: ['ep'] },
  { group: '', version: 'v1', name: 'events', kind: 'Event', namespaced: true, verbs: ALL, shortNames: ['ev'] },
  { group: '', version: 'v1', name: 'limitranges', kind: 'LimitRange', namespaced: true, verbs: ALL, shortNames: ['limits'] },
  { group: '', version: 'v1', name: 'namespaces', kind: 'Namespace', namespaced: false, verbs: NO_DC, shortNames: ['ns'], sub: { finalize: { kind: 'Namespace', verbs: ['update'] }, status: { kind: 'Namespace', verbs: STATUS } } },
  { group: '', version: 'v1', name: 'nodes', kind: 'Node', namespaced: false, verbs: ALL, shortNames: ['no'], sub: { proxy: { kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, status: { kind: 'Node', verbs: STATUS } } },
  { group: '', version: 'v1', name: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true, verbs: ALL, shortNames: ['pvc'], sub: { status: { kind: 'PersistentVolumeClaim', verbs: STATUS } } },
  { group: '', version: 'v1', name: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, verbs: ALL, shortNames: ['pv'], sub: { status: { kind: 'PersistentVolume', verbs: STATUS } } },
  {
    group: '', version: 'v1', name: 'pods', kind: 'Pod', namespaced: true, verbs: ALL, shortNames: ['po'], categories: ['all'],
    sub: {
      attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      binding: { kind: 'Binding', verbs: ['create'] },
      eviction: { kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1' },
      exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
      log: { kind: 'Pod', verbs: ['get'] },
      portforward: { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      proxy: { kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      status: { kind: 'Pod', verbs: STATUS },
    },
  },
  { group: '', version: 'v1', name: 'podtemplates', kind: 'PodTemplate', namespaced: true, verbs: ALL },
  { group: '', version: 'v1', name: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true, verbs: ALL, shortNames: ['rc'], categories: ['all'], sub: { status: { kind: 'ReplicationController', verbs: STATUS } } },
  { group: '', version: 'v1', name: 'resourcequotas', kind: 'ResourceQuota', namespaced: true, verbs: ALL, shortNames: ['quota'], sub: { status: { kind: 'ResourceQuota', verbs: STATUS } } },
  { group: '', version: 'v1', name: 'secrets', kind: 'Secret', namespaced: true, verbs: ALL },
  { group: '', version: 'v1', name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, verbs: ALL, shortNames: ['sa'], sub: { token: { kind: 'TokenRequest', verbs: ['create'], group: 'authentication.k8s.io', version: 'v1' } } },
  { group: '', version: 'v1', name: 'services', kind: 'Service', namespaced: true, verbs: ALL, shortNames: ['svc'], categories: ['all'], sub: { proxy: { kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, status: { kind: 'Service', verbs: STATUS } } },
  { group: 'apps', version: 'v1', name: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true, verbs: ALL },
  { group: 'apps', version: 'v1', name: 'daemonsets', kind: 'DaemonSet', namespaced: true, verbs: ALL, shortNames: ['ds'], categories: ['all'], sub: { status: { kind: 'DaemonSet', verbs: STATUS } } },
  { group: 'apps', version: 'v1', name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ALL, shortNames: ['deploy'], categories: ['all'], sub: { scale: { kind: 'Scale', verbs: STATUS, group: 'autoscaling', version: 'v1' }, status: { kind: 'Deployment', verbs: STATUS } } },
  { group: 'apps', version: 'v1', name: 'replicasets', kind: 'ReplicaSet', namespaced: true, verbs: ALL, shortNames: ['rs'], categories: ['all'], sub: { scale: { kind: 'Scale', verbs: STATUS, group: 'autoscaling', version: 'v1' }, status: { kind: 'ReplicaSet', verbs: STATUS } } },
  { group: 'apps', version: 'v1', name: 'statefulsets', kind: 'StatefulSet', namespaced: true, verbs: ALL, shortNames: ['sts'], categories: ['all'], sub: { scale: { kind: 'Scale', verbs: STATUS, group: 'autoscaling', version: 'v1' }, status: { kind: 'StatefulSet', verbs: STATUS } } },
  { group: 'batch', version: 'v1', name: 'jobs', kind: 'Job', namespaced: true, verbs: ALL, categories: ['all'], sub: { status: { kind: 'Job', verbs: STATUS } } },
  { group: 'batch', version: 'v1', name: 'cronjobs', kind: 'CronJob', namespaced: true, verbs: ALL, shortNames: ['cj'], categories: ['all'], sub: { status: { kind: 'CronJob', verbs: STATUS } } },
  { group: 'certificates.k8s.io', version: 'v1', name: 'certificatesigningrequests', kind: 'CertificateSigningRequest', namespaced: false, verbs: ALL, shortNames: ['csr'], sub: { approval: { kind: 'CertificateSigningRequest', verbs: STATUS }, status: { kind: 'CertificateSigningRequest', verbs: STATUS } } },
  { group: 'coordination.k8s.io', version: 'v1', name: 'leases', kind: 'Lease', namespaced: true, verbs: ALL },
  { group: 'discovery.k8s.io', version: 'v1', name: 'endpointslices', kind: 'EndpointSlice', namespaced: true, verbs: ALL, min: 21 },
  { group: 'events.k8s.io', version: 'v1', name: 'events', kind: 'Event', namespaced: true, verbs: ALL, shortNames: ['ev'], min: 19 },
  { group: 'networking.k8s.io', version: 'v1', name: 'ingresses', kind: 'Ingress', namespaced: true, verbs: ALL, shortNames: ['ing'], sub: { status: { kind: 'Ingress', verbs: STATUS } }, min: 19 },
  { group: 'networking.k8s.io', version: 'v1', name: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, verbs: ALL, shortNames: ['netpol'] },
  { group: 'node.k8s.io', version: 'v1', name: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false, verbs: ALL, min: 20 },
  { group: 'policy', version: 'v1', name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, verbs: ALL, shortNames: ['pdb'], sub: { status: { kind: 'PodDisruptionBudget', verbs: STATUS } }, min: 21 },
  { group: 'policy', version: 'v1beta1', name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, verbs: ALL, shortNames: ['pdb'], sub: { status: { kind: 'PodDisruptionBudget', verbs: STATUS } }, max: 24 },
  { group: 'policy', version: 'v1beta1', name: 'podsecuritypolicies', kind: 'PodSecurityPolicy', namespaced: false, verbs: ALL, shortNames: ['psp'], max: 24 },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false, verbs: ALL },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'clusterroles', kind: 'ClusterRole', namespaced: false, verbs: ALL },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'rolebindings', kind: 'RoleBinding', namespaced: true, verbs: ALL },
  { group: 'rbac.authorization.k8s.io', version: 'v1', name: 'roles', kind: 'Role', namespaced: true, verbs: ALL },
  { group: 'scheduling.k8s.io', version: 'v1', name: 'priorityclasses', kind: 'PriorityClass', namespaced: false, verbs: ALL, shortNames: ['pc'] },
  { group: 'storage.k8s.io', version: 'v1', name: 'storageclasses', kind: 'StorageClass', namespaced: false, verbs: ALL, shortNames: ['sc'] },
  { group: 'apiextensions.k8s.io', version: 'v1', name: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, verbs: ALL, shortNames: ['crd', 'crds'], categories: ['api-extensions'], sub: { status: { kind: 'CustomResourceDefinition', verbs: STATUS } } },
];

/** The resources a cluster of Kubernetes minor `minor` serves. */
export function served(minor) {
  return RESOURCES.filter((r) => (r.min ?? 0) <= minor && minor <= (r.max ?? 99));
}

/** Group versions in the order the real server lists them (core first, then groups by priority). */
export function groupVersions(minor) {
  const seen = new Map();
  for (const r of served(minor)) {
    if (!seen.has(r.group)) seen.set(r.group, []);
    const vs = seen.get(r.group);
    if (!vs.includes(r.version)) vs.push(r.version);
  }
  return seen;
}

/** The preferred (first listed, GA before beta) version of a group. */
export function preferredVersion(minor, group) {
  const vs = groupVersions(minor).get(group) ?? [];
  return vs.find((v) => /^v\d+$/.test(v)) ?? vs[0];
}

/** The resource at /api/v1/<name> or /apis/<group>/<version>/<name>, or undefined. */
export function lookup(minor, group, version, name) {
  return served(minor).find((r) => r.group === group && r.version === version && r.name === name);
}

/** Storage identity: one store per group-resource, whatever version it is read through. */
export function storageName(r) {
  // The real server stores Event under /registry/events for both v1 and events.k8s.io/v1.
  return r.name;
}

/** Kind → resource (core and apps first), for objects created from a body with only a kind. */
export function byKind(minor, kind) {
  return served(minor).find((r) => r.kind === kind);
}
