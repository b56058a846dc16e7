import { PROJECT_SCHEMA_VERSION, type Project } from '../../model/project';
import type { NodeSpec } from '../../model/node';
import type { SystemPod, Verification } from '../../model/verification';
import { guidePlan } from '../../plan/presets';
import type { ReportInput } from '../input';
import type { ReportLang } from '../model';
import { syntheticFacts, syntheticMatrix, syntheticPreflight } from './syntheticFacts';
import { syntheticRun } from './guideRun';

/**
 * The guide's cluster as a finished install (issue 9's test subject): master1 (.111) and workers
 * node1 (.116), node2 (.117), node3 (.118); Kubernetes 1.18.2 on Docker from the Aliyun mirrors,
 * flannel. pull-images on node2 needed a second attempt after a fix, node2's clock is 7 s off (a
 * preflight warning), and pod-to-pod ping from node1 to node3 fails (one broken pair).
 */
export const GUIDE_START = '2025-06-01T08:00:00.000Z';
export const GUIDE_REPORT_TIME = '2025-06-01T09:00:00.000Z';

function node(id: string, n: number, role: NodeSpec['role']): NodeSpec {
  return {
    id,
    name: id,
    address: `192.168.100.${n}`,
    port: 22,
    user: 'root',
    auth: 'password',
    role,
    labels: {},
  };
}

export function syntheticNodes(count: number): NodeSpec[] {
  if (count === 4) {
    return [
      node('master1', 111, 'control-plane'),
      node('node1', 116, 'worker'),
      node('node2', 117, 'worker'),
      node('node3', 118, 'worker'),
    ];
  }
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? node('master1', 10, 'control-plane') : node(`node${i}`, 10 + i, 'worker'),
  );
}

function systemPods(nodes: readonly NodeSpec[]): SystemPod[] {
  const master = nodes[0]?.name ?? 'master1';
  const pod = (name: string, nodeName: string): SystemPod => ({
    namespace: 'kube-system',
    name,
    nodeName,
    status: 'Running',
    ready: true,
    restarts: 0,
  });
  const perNode = nodes.flatMap((n, i) => [
    pod(`kube-proxy-${(0x5a3c + i * 7919).toString(36).slice(-5)}`, n.name),
    pod(`kube-flannel-ds-amd64-${(0x7b1d + i * 104729).toString(36).slice(-5)}`, n.name),
  ]);
  return [
    pod(`etcd-${master}`, master),
    pod(`kube-apiserver-${master}`, master),
    pod(`kube-controller-manager-${master}`, master),
    pod(`kube-scheduler-${master}`, master),
    pod('coredns-546565776c-7kq2x', master),
    pod('coredns-546565776c-dzv9n', nodes[1]?.name ?? master),
    ...perNode,
  ];
}

function verification(nodes: readonly NodeSpec[], brokenPing: readonly string[]): Verification {
  const names = nodes.map((n) => n.name);
  const day = (n: number): string =>
    new Date(Date.parse(GUIDE_START) + n * 86_400_000).toISOString();
  const certs = [
    'admin.conf',
    'apiserver',
    'apiserver-etcd-client',
    'apiserver-kubelet-client',
    'controller-manager.conf',
    'etcd-healthcheck-client',
    'etcd-peer',
    'etcd-server',
    'front-proxy-client',
    'scheduler.conf',
  ];
  return {
    checkedAt: '2025-06-01T08:40:00.000Z',
    nodes: nodes.map((n) => ({
      name: n.name,
      ready: true,
      status: 'Ready',
      roles: n.role === 'control-plane' ? ['master'] : [],
      kubeletVersion: 'v1.18.2',
      containerRuntime: 'docker://19.3.11',
      internalIp: n.address,
    })),
    systemPods: systemPods(nodes),
    apiServer: { status: 'ok', detail: 'ok' },
    dns: [{ name: 'kubernetes.default.svc.k8stest.local', status: 'ok', answer: '10.20.0.1' }],
    matrices: [
      syntheticMatrix('before-install', '6443/tcp', names),
      syntheticMatrix('before-install', '8472/udp', names),
      syntheticMatrix('after-install', 'pod-ping', names, brokenPing),
    ],
    credentials: {
      tokens: [{ id: 'q3x7kz', expiresAt: day(1), usages: 'authentication,signing' }],
      certificateKeyExpiresAt: new Date(Date.parse(GUIDE_START) + 2.5 * 3_600_000).toISOString(),
      certificates: [
        ...certs.map((name) => ({ name, expiresAt: day(365), authority: false })),
        ...['ca', 'etcd-ca', 'front-proxy-ca'].map((name) => ({
          name,
          expiresAt: day(3650),
          authority: true,
        })),
      ],
    },
  };
}

/** The guide's cluster (4 nodes), or a synthetic one of `count` nodes with the same quirks. */
export function guideReportInput(lang: ReportLang = 'en', count = 4): ReportInput {
  const nodes = syntheticNodes(count);
  const retried = nodes[2]?.id ?? 'node2';
  const project: Project = {
    schemaVersion: PROJECT_SCHEMA_VERSION,
    name: count === 4 ? 'Guide lab' : `Synthetic ${count}-node lab`,
    nodes,
    plan: guidePlan(),
    runState: syntheticRun(nodes, {
      start: GUIDE_START,
      retries: { [`pull-images@${retried}`]: 2 },
    }),
  };
  const facts = nodes.map((n) => syntheticFacts(n, n.id === retried ? 7_000 : 120));
  const brokenPing = nodes.length > 3 ? [`${nodes[1]?.name}>${nodes[3]?.name}`] : [];
  return {
    project,
    facts,
    preflight: syntheticPreflight(nodes, facts),
    verification: verification(nodes, brokenPing),
    fixes: [
      {
        nodeId: retried,
        stepId: 'pull-images',
        fixId: 'pause-image-mirror',
        at: '2025-06-01T08:07:10.000Z',
        commands: ['systemctl restart docker'],
      },
    ],
    lang,
    generatedAt: GUIDE_REPORT_TIME,
    generator: 'kubelab 0.1.0',
  };
}
