import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import type { RunHost } from '../engine/runnable';
import { saveProject } from '../store/projectFile';
import type { Remote } from '../engine/remote';
import type { StepContext } from '../engine/step';
import { noTransfers } from '../../tests/fakes/noTransfers';
import { OPERATION_DEFS } from './index';
import { replaceNodeOperation } from './replace-node';

const plan = guidePlan();
const [master1, node1, node2] = guideNodes();
if (!master1 || !node1 || !node2) throw new Error('the guide has three machines');
const node3: NodeSpec = { ...node2, id: 'node3', name: 'node3', address: '192.168.100.118' };
const project = [master1, node1, node2, node3];
const haPlan: ClusterPlan = {
  ...plan,
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:6443',
} as ClusterPlan;
const cp = (n: number): NodeSpec => ({
  ...master1,
  id: `master${n}`,
  name: `master${n}`,
  address: `192.168.100.${110 + n}`,
});
const ha = [cp(1), cp(2), cp(3), cp(4), node1];

/** The run's tasks in graph order, as `step@node`, over the operation's own machines. */
function tasks(params: unknown, nodes = project, p: ClusterPlan = plan) {
  const parsed = replaceNodeOperation.params.parse(params);
  const target = { nodes, plan: p };
  const steps = replaceNodeOperation.steps(parsed, target);
  const selected = replaceNodeOperation.nodes?.(parsed, target);
  return buildGraph(steps, nodes, p, { nodes: selected });
}
const keys = (params: unknown, nodes = project, p: ClusterPlan = plan): string[] =>
  tasks(params, nodes, p).map((t) => t.key);

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

/** A step context for rendering an apply (nothing reaches a node: the remote refuses). */
function ctxFor(node: NodeSpec, nodes: readonly NodeSpec[], p: ClusterPlan, params: unknown) {
  const refuse = (): never => {
    throw new Error('no node in this test');
  };
  const remote: Remote = {
    nodeId: node.id,
    exec: refuse,
    startDetached: refuse,
    followDetached: refuse,
    upload: refuse,
    ...noTransfers,
    download: refuse,
  };
  const ctx: StepContext<ClusterPlan> = {
    runId: 'r',
    node,
    nodes,
    plan: p,
    params,
    remote,
    dryRun: true,
    signal: new AbortController().signal,
    outputsOf: async () => ({ token: 'abcdef.0123456789abcdef', caCertHash: 'sha256:00' }),
    log: () => undefined,
  };
  return ctx;
}

describe('replace-node', () => {
  it('is registered', () => {
    expect(OPERATION_DEFS['replace-node']).toBe(replaceNodeOperation);
  });

  it('a worker: the removal first (drain, reset, delete), then the spare joins, in one run', () => {
    const k = keys({ oldNodeId: 'node2', newNodeId: 'node3' });
    expect(k.slice(0, 3)).toEqual([
      'drain-node@master1',
      'reset-removed-node@node2',
      'delete-node@master1',
    ]);
    expect(k).toContain('add-node@node3');
    expect(k).toContain('wait-ready@master1');
    // The old machine runs nothing of the join, node1 (not in the run) nothing at all.
    expect(k.filter((x) => x.endsWith('@node2'))).toEqual(['reset-removed-node@node2']);
    expect(k.filter((x) => x.endsWith('@node1'))).toEqual([]);
    // The spare starts only once the old Node is deleted.
    const prepare = tasks({ oldNodeId: 'node2', newNodeId: 'node3' }).find(
      (t) => t.key === 'prepare-os@node3',
    );
    expect(prepare?.deps).toContain('delete-node@master1');
  });

  it('an unreachable old machine: no drain, no reset on it, its Node still deleted', () => {
    const k = keys({ oldNodeId: 'node2', newNodeId: 'node3', unreachable: true });
    expect(k[0]).toBe('delete-node@master1');
    expect(k.some((x) => x.endsWith('@node2'))).toBe(false);
    expect(k).toContain('add-node@node3');
  });

  it('the join part sees the cluster without the old machine: wait-ready does not wait for it', async () => {
    const params = { oldNodeId: 'node2', newNodeId: 'node3' };
    const wait = tasks(params).find((t) => t.key === 'wait-ready@master1');
    if (!wait) throw new Error('no wait-ready');
    const spec = await wait.step.apply(ctxFor(master1, project, plan, params));
    expect(spec.env.EXPECTED_IPS?.split(' ')).toEqual([
      master1.address,
      node1.address,
      node3.address,
    ]);
  });

  it('a control plane: its etcd member removed, then the control-plane join with the spare as add-node param', async () => {
    const params = { oldNodeId: 'master2', newNodeId: 'master4' };
    const run = tasks(params, ha, haPlan);
    const k = run.map((t) => t.key);
    expect(k.slice(0, 4)).toEqual([
      'drain-node@master1',
      'remove-etcd-member@master1',
      'reset-removed-node@master2',
      'delete-node@master1',
    ]);
    expect(k).toContain('reconcile-etcd-members@master1');
    expect(k).toContain('join-control-plane@master4');
    expect(k.filter((x) => x.endsWith('@master2'))).toEqual(['reset-removed-node@master2']);
    const reconcile = run.find((t) => t.key === 'reconcile-etcd-members@master1');
    if (!reconcile) throw new Error('no reconcile');
    const spec = await reconcile.step.apply(ctxFor(cp(1), ha, haPlan, params));
    expect(spec.env.JOINING_IPS).toBe(cp(4).address);
    expect(spec.env.CONTROL_PLANE_IPS?.split(' ')).toEqual([
      cp(1).address,
      cp(3).address,
      cp(4).address,
    ]);
  });

  it('refusals name the field before anything runs', () => {
    expect(thrown(() => keys({ oldNodeId: 'node2', newNodeId: 'node2' })).field).toBe(
      'params.newNodeId',
    );
    expect(thrown(() => keys({ oldNodeId: 'node2', newNodeId: 'master1' })).field).toBe(
      'params.newNodeId',
    );
    // A control plane joins only an HA plan (add-node's rule).
    const single = thrown(() => keys({ oldNodeId: 'master2', newNodeId: 'master4' }, ha, plan));
    expect(single.field).toBe('params.newNodeId');
    expect(single.message).toMatch(/topology single/);
    // Two control planes: losing one breaks etcd quorum, confirmed or refused (remove-node's rule).
    const two = [cp(1), cp(2), cp(4), node1];
    const quorum = thrown(() => keys({ oldNodeId: 'master2', newNodeId: 'master4' }, two, haPlan));
    expect(quorum.field).toBe('params.confirmQuorumLoss');
  });

  it('the old machine leaves the cluster record, the run is the cluster record', () => {
    expect(
      replaceNodeOperation.leaves?.(
        { oldNodeId: 'node2', newNodeId: 'node3' },
        { nodes: project, plan },
      ),
    ).toEqual(['node2']);
    expect(replaceNodeOperation.record).toBe('cluster');
  });

  it('a new run is refused when the spare is in the cluster record already, or the old machine is not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-replace-'));
    try {
      const file = join(dir, 'kubelab.yaml');
      await saveProject(file, {
        schemaVersion: 1,
        nodes: project,
        plan,
        runState: {
          runId: 'r1',
          startedAt: '2026-12-07T00:00:00.000Z',
          outcome: 'succeeded',
          tasks: ['master1', 'node1', 'node2'].map((nodeId) => ({
            stepId: 'prepare-os',
            nodeId,
            status: 'done' as const,
            attempts: 1,
          })),
        },
      });
      const host: RunHost = {
        projectFile: file,
        remoteFor: () => {
          throw new Error('no machine');
        },
        updatePlan: async () => undefined,
      };
      const target = { nodes: project, plan };
      const before = (params: { oldNodeId: string; newNodeId: string }) =>
        replaceNodeOperation.beforeRun?.(params, target, host);
      await expect(before({ oldNodeId: 'node2', newNodeId: 'node3' })).resolves.toBeUndefined();
      await expect(before({ oldNodeId: 'node2', newNodeId: 'node1' })).rejects.toMatchObject({
        field: 'params.newNodeId',
        message: 'node1 is already in the cluster: the new machine must be a spare one',
      });
      await expect(before({ oldNodeId: 'node3', newNodeId: 'node2' })).rejects.toMatchObject({
        field: 'params.oldNodeId',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
