// The restore on an HA (stacked etcd) cluster: every control plane restored with ONE member list
// (etcd op-guide recovery.md, "Restoring a cluster"), each phase on every control plane before
// the next begins anywhere, and a failed run says the way back per control plane.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStamp } from '../../common/etcd/etcdOperations';
import { initialClusterOf } from '../../common/etcd/restoreMembers';
import type { NodeSpec } from '../../common/model/node';
import type { RunResult, RunState } from '../../common/model/runEvent';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import type { Remote } from '../engine/remote';
import type { StepContext } from '../engine/step';
import type { ClusterPlan } from '../../common/model/plan';
import { restoreEtcdOperation } from '../operations/etcd-restore';
import { previousDataDirsOf, restoreFailure } from './etcdRuns';
import { etcdHealthy, etcdRestore } from './restoreSteps';
import { recordSnapshot } from './snapshotStore';

/** Three control planes and a worker, as the lab's `ha` scenario. */
function haNodes(): NodeSpec[] {
  const [base] = guideNodes();
  const node = (id: string, last: number, role: NodeSpec['role']): NodeSpec => ({
    ...(base as NodeSpec),
    id,
    name: id,
    address: `10.0.0.${last}`,
    role,
  });
  return [
    node('master1', 11, 'control-plane'),
    node('master2', 12, 'control-plane'),
    node('master3', 13, 'control-plane'),
    node('node1', 21, 'worker'),
  ];
}
const CPS = ['master1', 'master2', 'master3'];
const RUN = 'r20261208-010000-abcdef';

describe('restore-etcd on three control planes', () => {
  const target = { nodes: haNodes(), plan: guidePlan() };
  const p = { folder: '/tmp/x.snapshots', file: 'etcd-2026-12-07T10-00-00Z-rev57.db' };

  it('runs on every control plane and no worker', () => {
    expect(restoreEtcdOperation.nodes?.(p, target)).toEqual(CPS);
  });

  it('orders each phase after the previous one on EVERY control plane', () => {
    const tasks = buildGraph(restoreEtcdOperation.steps(p, target), target.nodes, target.plan, {
      nodes: CPS,
    });
    expect(tasks.map((t) => t.node.id).every((id) => CPS.includes(id))).toBe(true);
    const deps = (step: string, node: string): readonly string[] =>
      tasks.find((t) => t.key === `${step}@${node}`)?.deps ?? [];
    const phases: [string, string][] = [
      ['etcd-restore', 'etcd-upload'],
      ['etcd-restore', 'etcd-restore-member'],
      ['etcd-restore-stop', 'etcd-restore'],
      ['etcd-restore-swap', 'etcd-restore-stop'],
      ['etcd-restore-start', 'etcd-restore-swap'],
      ['etcd-healthy', 'etcd-restore-start'],
    ];
    for (const [step, before] of phases)
      for (const node of CPS)
        for (const other of CPS) expect(deps(step, node)).toContain(`${before}@${other}`);
  });

  it('gives every member its own name and peer URL, one member list and one new token', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kubelab-ha-restore-'));
    try {
      const bytes = Buffer.from('snapshot');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      writeFileSync(join(folder, p.file), bytes);
      await recordSnapshot(folder, {
        file: p.file,
        time: '2026-12-07T10:00:00Z',
        revision: 57,
        size: bytes.length,
        sha256,
        etcdHash: 1,
        totalKeys: 5,
        node: 'master1',
        etcdVersion: '3.4.23',
        kubernetesVersion: '1.30.0',
        runId: 'r1',
      });
      const member = (id: string): Record<string, string> => ({
        name: id,
        peerUrl: `https://10.0.0.${11 + CPS.indexOf(id)}:2380`,
        dataDir: '/var/lib/etcd',
      });
      const ctx = (nodeId: string): StepContext<ClusterPlan> => ({
        runId: RUN,
        node: target.nodes.find((n) => n.id === nodeId) as NodeSpec,
        nodes: target.nodes,
        plan: target.plan,
        params: { ...p, folder },
        remote: {} as Remote,
        dryRun: false,
        signal: new AbortController().signal,
        outputsOf: async (step, id) => (step === 'etcd-restore-member' ? member(id ?? '') : {}),
        log: () => undefined,
      });
      const envs = await Promise.all(CPS.map(async (id) => (await etcdRestore.apply(ctx(id))).env));
      const list =
        'master1=https://10.0.0.11:2380,master2=https://10.0.0.12:2380,master3=https://10.0.0.13:2380';
      expect(envs.map((e) => e.INITIAL_CLUSTER)).toEqual([list, list, list]);
      expect(envs.map((e) => e.MEMBER_NAME)).toEqual(CPS);
      expect(envs.map((e) => e.PEER_URL)).toEqual(CPS.map((id) => member(id).peerUrl));
      expect(new Set(envs.map((e) => e.CLUSTER_TOKEN))).toEqual(
        new Set([`kubelab-restore-${runStamp(RUN)}`]),
      );
      expect(envs[0]?.SNAPSHOT_SHA256).toBe(sha256);
      expect((await etcdHealthy.apply(ctx('master2'))).env.EXPECTED_MEMBERS).toBe('3');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a member list a manifest value would break, before anything stops', () => {
    const ok = { nodeId: 'master1', name: 'master1', peerUrl: 'https://10.0.0.11:2380' };
    expect(() =>
      initialClusterOf([ok, { nodeId: 'master2', name: 'master2', peerUrl: 'a=b,c' }]),
    ).toThrow(/cannot go into --initial-cluster/);
    expect(() => initialClusterOf([ok, { ...ok, nodeId: 'master2' }])).toThrow(/unique name/);
    expect(() => initialClusterOf([])).toThrow(/No etcd member/);
  });
});

describe('what the faces say after an HA restore', () => {
  const task = (
    stepId: string,
    nodeId: string,
    status: RunState['tasks'][number]['status'],
    outputs?: Record<string, string>,
  ): RunState['tasks'][number] =>
    ({ stepId, nodeId, status, attempts: 1, outputs }) as RunState['tasks'][number];
  const run = (tasks: RunState['tasks']): RunState =>
    ({ runId: RUN, kind: 'restore-etcd', tasks }) as unknown as RunState;
  const failed = { runId: RUN, outcome: 'failed', nodes: [] } as unknown as RunResult;

  it('names every control plane’s kept data directory', () => {
    const runs = [
      run(
        CPS.map((id) =>
          task('etcd-restore-swap', id, 'done', {
            previousDataDir: `/var/lib/etcd.kubelab-before-${runStamp(RUN)}`,
          }),
        ),
      ),
    ];
    expect(previousDataDirsOf(runs, RUN).map((r) => r.node)).toEqual(CPS);
  });

  it('a run that failed after a stop says the way back on each control plane it reached', () => {
    const runs = [
      run([
        ...CPS.map((id) => task('etcd-restore-member', id, 'done', { dataDir: '/var/lib/etcd' })),
        task('etcd-restore-stop', 'master1', 'done'),
        task('etcd-restore-stop', 'master2', 'failed'),
        task('etcd-restore-stop', 'master3', 'pending'),
      ]),
    ];
    const message = restoreFailure(failed, runs).message;
    const stamp = runStamp(RUN);
    expect(message).toContain(
      `master1: with its static pods stopped (manifests in /etc/kubernetes/manifests.kubelab-restore-${stamp}`,
    );
    expect(message).toContain(
      `mv /var/lib/etcd.kubelab-before-${stamp} /var/lib/etcd; then mv /etc/kubernetes/manifests.kubelab-restore-${stamp}/*.yaml /etc/kubernetes/manifests/`,
    );
    expect(message).toContain('master2:');
    expect(message).not.toContain('master3:');
  });

  it('a run that failed before any stop says nothing about going back', () => {
    const runs = [run(CPS.map((id) => task('etcd-upload', id, 'failed')))];
    expect(restoreFailure(failed, runs).message).not.toContain('To go back');
  });
});
