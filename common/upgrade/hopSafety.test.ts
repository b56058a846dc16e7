import { describe, expect, it } from 'vitest';
import { failingPods, hopRefusals, parseNodes, type LiveNode } from './hopSafety';

/** A v1 NodeList as `kubectl get nodes -o json` prints it, trimmed to what is read. */
function nodeList(nodes: { name: string; kubelet: string; ready: string }[]): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: nodes.map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { 'kubernetes.io/hostname': n.name } },
      spec: {},
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
          { type: 'Ready', status: n.ready, reason: 'KubeletReady' },
        ],
        nodeInfo: { kubeletVersion: n.kubelet, kubeProxyVersion: n.kubelet },
      },
    })),
  });
}

function podList(pods: { name: string; status: object }[]): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: pods.map((p) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: p.name, namespace: 'kube-system' },
      status: p.status,
    })),
  });
}

const healthy: LiveNode[] = [
  { name: 'master1', kubeletVersion: 'v1.18.2', ready: true },
  { name: 'node1', kubeletVersion: 'v1.18.2', ready: true },
];

describe('the checks before a hop', () => {
  it('read each node’s kubelet version and Ready condition', () => {
    expect(
      parseNodes(
        nodeList([
          { name: 'master1', kubelet: 'v1.18.2', ready: 'True' },
          { name: 'node1', kubelet: 'v1.18.2', ready: 'Unknown' },
        ]),
      ),
    ).toEqual([
      { name: 'master1', kubeletVersion: 'v1.18.2', ready: true },
      { name: 'node1', kubeletVersion: 'v1.18.2', ready: false },
    ]);
  });

  it('name failing kube-system pods, not running or starting ones', () => {
    const pods = podList([
      {
        name: 'coredns-66bff467f8-abcde',
        status: { phase: 'Running', containerStatuses: [{ name: 'coredns', ready: true }] },
      },
      { name: 'kube-proxy-new', status: { phase: 'Pending' } },
      {
        name: 'kube-flannel-ds-x',
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'kube-flannel',
              ready: false,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
        },
      },
      { name: 'etcd-old', status: { phase: 'Failed' } },
      {
        name: 'coredns-66bff467f8-zzzzz',
        status: {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
        },
      },
    ]);
    expect(failingPods(pods)).toEqual([
      { pod: 'kube-system/kube-flannel-ds-x', reason: 'CrashLoopBackOff' },
      { pod: 'kube-system/etcd-old', reason: 'Failed' },
      { pod: 'kube-system/coredns-66bff467f8-zzzzz', reason: 'Unschedulable' },
    ]);
  });

  it('pass a healthy cluster within the skew', () => {
    expect(hopRefusals({ nodes: healthy, pods: [], hopMinor: 19, acceptUnhealthy: false })).toEqual(
      [],
    );
  });

  it('refuse a kubelet more than two minors behind the hop (three from 1.28), even when accepted', () => {
    const old = [...healthy, { name: 'node2', kubeletVersion: 'v1.16.15', ready: true }];
    const refused = hopRefusals({ nodes: old, pods: [], hopMinor: 19, acceptUnhealthy: true });
    expect(refused).toHaveLength(1);
    expect(refused[0]?.en).toContain('node2: kubelet v1.16.15 is more than 2 minor versions');
    expect(refused[0]?.zh).toContain('node2');
    const wider = [{ name: 'w', kubeletVersion: 'v1.26.0', ready: true }];
    expect(hopRefusals({ nodes: wider, pods: [], hopMinor: 29, acceptUnhealthy: false })).toEqual(
      [],
    );
    expect(
      hopRefusals({ nodes: wider, pods: [], hopMinor: 30, acceptUnhealthy: false })[0]?.en,
    ).toContain('more than 3 minor versions');
  });

  it('refuse a kubelet newer than the hop', () => {
    const ahead = [{ name: 'node9', kubeletVersion: 'v1.20.0', ready: true }];
    expect(
      hopRefusals({ nodes: ahead, pods: [], hopMinor: 19, acceptUnhealthy: false })[0]?.en,
    ).toContain('node9: kubelet v1.20.0 is newer than 1.19');
  });

  it('refuse NotReady nodes and failing pods unless an unhealthy cluster is accepted', () => {
    const sick = [...healthy, { name: 'node2', kubeletVersion: 'v1.18.2', ready: false }];
    const pods = [{ pod: 'kube-system/kube-flannel-ds-x', reason: 'CrashLoopBackOff' }];
    const refused = hopRefusals({ nodes: sick, pods, hopMinor: 19, acceptUnhealthy: false });
    expect(refused.map((r) => r.en)).toEqual([
      'node2 is not Ready; fix it or pass --accept-unhealthy to upgrade anyway.',
      'kube-system pod kube-system/kube-flannel-ds-x is failing (CrashLoopBackOff); fix it or pass --accept-unhealthy to upgrade anyway.',
    ]);
    expect(refused.every((r) => r.zh.includes('--accept-unhealthy'))).toBe(true);
    expect(hopRefusals({ nodes: sick, pods, hopMinor: 19, acceptUnhealthy: true })).toEqual([]);
  });
});
