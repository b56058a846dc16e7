#!/usr/bin/env node
// Prints a kubelab project file (kubelab.yaml) for the running lab scenario: `lab.sh project`.
// It imports nothing from the product on purpose (the lab must not depend on the code it tests);
// the shape is the committed schema, checked by tests/integration/lab/project.test.ts:
//   common/model/project.ts  ProjectSchema { schemaVersion: 1, name, nodes, plan }
//   common/model/node.ts     NodeSpec { id, name, address, port, user, auth, keyPath, role, labels,
//                                       hostKey { algorithm, fingerprint } }
//   common/model/plan.ts     ClusterPlan; values from common/plan/presets.ts guidePlan() / modernPlan()
// Nodes with `later: true` (the guide's node3) are not in the file: they are a day-2 addition and
// are listed in a comment instead. Passwords are never written (the product keeps them in the
// keychain); key auth uses the lab's key.
// Usage: project.mjs <stateDir> <rootPassword> <user> <userPassword>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [state, rootPassword, user, userPassword] = process.argv.slice(2);
const scenario = JSON.parse(readFileSync(join(state, 'scenario.json'), 'utf8'));
const keyPath = join(state, 'ssh', 'id_ed25519');
const cluster = scenario.cluster ?? {};
const master = scenario.nodes.find((n) => n.role === 'master') ?? scenario.nodes[0];

// The presets, restated (common/plan/presets.ts). `modern`: Kubernetes 1.34.0, the newest minor of
// the catalog with a patch the lab's pkgs.k8s.io catalog serves.
const PRESETS = {
  guide: {
    clusterName: 'kubernetes',
    kubernetesVersion: '1.18.2',
    runtime: 'docker',
    mirrorProfile: 'china',
    mirrors: {},
    imageRepository: 'registry.cn-hangzhou.aliyuncs.com/google_containers',
    advertiseAddress: master.ip,
    bindPort: 6443,
    podCidr: '10.10.0.0/16',
    serviceCidr: '10.20.0.0/16',
    dnsDomain: 'k8stest.local',
    cni: { plugin: 'flannel' },
    controlPlaneMode: 'static-pod',
    ignorePreflightErrors: ['swap'],
    firewall: 'disable',
  },
  modern: {
    clusterName: 'kubernetes',
    kubernetesVersion: '1.34.0',
    runtime: 'containerd',
    mirrorProfile: 'upstream',
    mirrors: {},
    advertiseAddress: master.ip,
    bindPort: 6443,
    podCidr: '10.244.0.0/16',
    serviceCidr: '10.96.0.0/12',
    dnsDomain: 'cluster.local',
    cni: { plugin: 'flannel' },
    controlPlaneMode: 'static-pod',
    ignorePreflightErrors: [],
    firewall: 'open-ports',
  },
};
const preset = cluster.preset ?? (scenario.name === 'modern' || scenario.name === 'cgroup-mismatch' ? 'modern' : 'guide');
const plan = { ...PRESETS[preset] };
if (cluster.kubernetesVersion) plan.kubernetesVersion = String(cluster.kubernetesVersion);
if (cluster.podCIDR) plan.podCidr = cluster.podCIDR;
// A scenario's container runtime (docker | containerd | cri-dockerd), else the preset's.
if (cluster.runtime) plan.runtime = String(cluster.runtime);
if (cluster.serviceCIDR) plan.serviceCidr = cluster.serviceCIDR;
// A scenario's mirror overrides (the plan's `mirrors`, e.g. a registry mirror for Docker Hub).
if (cluster.planMirrors) plan.mirrors = cluster.planMirrors;
// An HA scenario: stacked etcd behind haproxy + keepalived (scenarios/ha.yaml) or kube-vip
// (`ha.kind: kube-vip`, scenarios/ha-kube-vip.yaml: the endpoint port is the API server's own),
// the VIP a free address of the lab subnet (common/model/ha.ts, the plan fields of issue 19).
if (cluster.ha?.kind === 'external') {
  // An existing load balancer (scenarios/ha-external.yaml): the `role: lb` machine's haproxy.
  const lb = scenario.nodes.find((n) => n.role === 'lb');
  plan.topology = 'stacked-etcd';
  plan.controlPlaneEndpoint = `${lb.ip}:${cluster.ha.port ?? plan.bindPort}`;
  plan.loadBalancer = { kind: 'external' };
} else if (cluster.ha) {
  const base = scenario.subnet.split('/')[0].split('.').map(Number);
  const vip = [...base.slice(0, 3), base[3] + Number(cluster.ha.vipHost ?? 100)].join('.');
  const kubeVip = cluster.ha.kind === 'kube-vip';
  plan.topology = 'stacked-etcd';
  plan.controlPlaneEndpoint = `${vip}:${cluster.ha.port ?? (kubeVip ? plan.bindPort : 8443)}`;
  plan.loadBalancer = kubeVip
    ? { kind: 'kube-vip', vip, interface: 'eth0' }
    : { kind: 'haproxy-keepalived', vip, interface: 'eth0', virtualRouterId: Number(cluster.ha.virtualRouterId ?? 51) };
}

// Plain YAML: every string is a JSON string (a valid YAML double-quoted scalar).
const q = (v) => JSON.stringify(String(v));
function emit(value, indent) {
  const pad = ' '.repeat(indent);
  const lines = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (!v.length) lines.push(`${pad}${k}: []`);
      else lines.push(`${pad}${k}:`, ...v.map((x) => `${pad}  - ${typeof x === 'number' ? x : q(x)}`));
    } else if (v && typeof v === 'object') {
      if (!Object.keys(v).length) lines.push(`${pad}${k}: {}`);
      else lines.push(`${pad}${k}:`, ...emit(v, indent + 2));
    } else lines.push(`${pad}${k}: ${typeof v === 'number' || typeof v === 'boolean' ? v : q(v)}`);
  }
  return lines;
}

// A `role: lb` machine is the user's load balancer, not a cluster node: left out, like `later`.
const nodes = scenario.nodes.filter((n) => n.later !== true && n.role !== 'lb');
const later = scenario.nodes.filter((n) => n.later === true);
const lines = [
  `# kubelab project for the practice lab scenario "${scenario.name}" (tests/lab/lab.sh project).`,
  '# Host keys are pinned (ssh-keygen -lf of each node\'s ed25519 host key); auth is the lab key.',
  `# Passwords, if wanted instead: root ${q(rootPassword)}, ${user} ${q(userPassword)} (sudo).`,
  ...later.map((n) => `# Later (day-2): ${n.name} ${n.ip} (add it with kubelab when the guide does).`),
  'schemaVersion: 1',
  `name: ${q(`lab-${scenario.name}`)}`,
  'nodes:',
];
for (const n of nodes) {
  const dir = join(state, 'nodes', n.name);
  const [algorithm] = readFileSync(join(dir, 'upper', 'etc', 'ssh', 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(' ');
  // As `ssh-keygen -lf` prints it: "256 SHA256:… root@host (ED25519)".
  const fingerprint = readFileSync(join(dir, 'fingerprint'), 'utf8').trim().split(' ')[1];
  const spec = {
    id: n.name,
    name: n.name,
    address: n.ip,
    port: 22,
    user: 'root',
    auth: 'key',
    keyPath,
    role: n.role === 'master' ? 'control-plane' : 'worker',
    labels: {},
    hostKey: { algorithm, fingerprint },
  };
  const [first, ...rest] = emit(spec, 4);
  lines.push(`  - ${first.trimStart()}`, ...rest);
}
lines.push('plan:', ...emit(plan, 2));
process.stdout.write(lines.join('\n') + '\n');
