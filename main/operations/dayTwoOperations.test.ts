import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import { guideNodes, guidePlan, modernPlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import type { Remote } from '../engine/remote';
import type { StepContext } from '../engine/step';
import type { ClusterPlan } from '../../common/model/plan';
import type { RemoveNodeParams } from '../../common/removal/removeNode';
import { removeNodeOperation } from './remove-node';
import { renewCertsOperation } from './renew-certs';
import { OPERATION_DEFS } from './index';
import { noTransfers } from '../../tests/fakes/noTransfers';

const plan = guidePlan();
const guide = guideNodes();
const [master1, ...workers] = guide;
if (!master1) throw new Error('the guide has a control plane');
const cp2: NodeSpec = { ...master1, id: 'master2', name: 'master2', address: '192.168.100.112' };
const ha = [master1, cp2, ...workers];
const cp3: NodeSpec = { ...master1, id: 'master3', name: 'master3', address: '192.168.100.113' };
/** Three control planes: removing one keeps etcd's quorum (two of two answer). */
const three = [master1, cp2, cp3, ...workers];

/** A step context for rendering an apply (nothing reaches a node: the remote refuses). */
function ctxFor(node: NodeSpec, nodes: NodeSpec[], p: ClusterPlan, params: unknown) {
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
    outputsOf: async () => ({}),
    log: () => undefined,
  };
  return ctx;
}

/** The one step of `steps` with this id. */
function stepOf<T extends { id: string }>(steps: readonly T[], id: string): T {
  const s = steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
}

/** The tasks a removal runs, as `step@node <- deps`, over the operation's own machines. */
function removalTasks(params: unknown, nodes: NodeSpec[] = guide): string[] {
  const p = removeNodeOperation.params.parse(params);
  const target = { nodes, plan };
  const steps = removeNodeOperation.steps(p, target);
  const selected = removeNodeOperation.nodes?.(p, target);
  return buildGraph(steps, nodes, plan, { nodes: selected }).map(
    (t) => `${t.key} <- ${[...t.deps].sort().join(',')}`,
  );
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('remove-node', () => {
  it('is registered', () => {
    expect(OPERATION_DEFS['remove-node']).toBe(removeNodeOperation);
    expect(OPERATION_DEFS['renew-certs']).toBe(renewCertsOperation);
  });

  it('a worker: drained on the control plane, reset on itself, then its node object deleted', () => {
    expect(removalTasks({ nodeId: 'node2' })).toEqual([
      'drain-node@master1 <- ',
      'reset-removed-node@node2 <- drain-node@master1',
      'delete-node@master1 <- drain-node@master1,reset-removed-node@node2',
    ]);
  });

  it('a control plane: its etcd member goes first, from the other control plane', () => {
    expect(removalTasks({ nodeId: 'master1' }, three)).toEqual([
      'drain-node@master2 <- ',
      'remove-etcd-member@master2 <- drain-node@master2',
      'reset-removed-node@master1 <- drain-node@master2,remove-etcd-member@master2',
      'delete-node@master2 <- remove-etcd-member@master2,reset-removed-node@master1',
    ]);
  });

  it('an unreachable machine is not touched: no drain, no reset, only the cluster side', () => {
    expect(removalTasks({ nodeId: 'node1', unreachable: true })).toEqual([
      'delete-node@master1 <- ',
    ]);
    expect(removalTasks({ nodeId: 'master2', unreachable: true }, three)).toEqual([
      'remove-etcd-member@master1 <- ',
      'delete-node@master1 <- remove-etcd-member@master1',
    ]);
  });

  it('a control plane of two only when the quorum risk is confirmed, naming it', () => {
    const live = thrown(() => removalTasks({ nodeId: 'master2' }, ha));
    expect(live.code).toBe('not_confirmed');
    expect(live.field).toBe('params.confirmQuorumLoss');
    expect(live.message).toContain('the majority of two is two');
    const dead = thrown(() => removalTasks({ nodeId: 'master2', unreachable: true }, ha));
    expect(dead.field).toBe('params.confirmQuorumLoss');
    expect(dead.message).toContain('already lost quorum');
    expect(
      removalTasks({ nodeId: 'master2', unreachable: true, confirmQuorumLoss: true }, ha),
    ).toEqual([
      'remove-etcd-member@master1 <- ',
      'delete-node@master1 <- remove-etcd-member@master1',
    ]);
  });

  it('the script is told of the confirmation, to check quorum against live health', async () => {
    const env = async (p: RemoveNodeParams, nodes: NodeSpec[]): Promise<Record<string, string>> => {
      const steps = removeNodeOperation.steps(p, { nodes, plan });
      return (await stepOf(steps, 'remove-etcd-member').apply(ctxFor(master1, nodes, plan, p))).env;
    };
    expect((await env({ nodeId: 'master2' }, three)).CONFIRM_QUORUM_LOSS).toBe('0');
    expect(
      (await env({ nodeId: 'master2', confirmQuorumLoss: true }, ha)).CONFIRM_QUORUM_LOSS,
    ).toBe('1');
  });

  it('the last control plane only when confirmed, naming the consequence; then it is reset alone', () => {
    const err = thrown(() => removalTasks({ nodeId: 'master1' }));
    expect(err.code).toBe('not_confirmed');
    expect(err.field).toBe('params.confirmLastControlPlane');
    expect(err.message).toContain('ends the cluster');
    expect(removalTasks({ nodeId: 'master1', confirmLastControlPlane: true })).toEqual([
      'reset-removed-node@master1 <- ',
    ]);
    const dead = thrown(() =>
      removalTasks({ nodeId: 'master1', confirmLastControlPlane: true, unreachable: true }),
    );
    expect(dead.field).toBe('params.unreachable');
  });

  it('a machine outside the project is refused, naming the field', () => {
    const err = thrown(() => removalTasks({ nodeId: 'ghost' }));
    expect(err.field).toBe('params.nodeId');
  });

  it('kubectl 1.20 renamed the drain flag; the machine is found by its address', async () => {
    const drainEnv = async (p: ClusterPlan): Promise<Record<string, string>> => {
      const steps = removeNodeOperation.steps({ nodeId: 'node2' }, { nodes: guide, plan: p });
      const drain = stepOf(steps, 'drain-node');
      const ctx = ctxFor(master1, guide, p, {});
      return (await drain.apply(ctx)).env;
    };
    expect((await drainEnv(plan)).DRAIN_FLAGS).toBe('--delete-local-data');
    const modern = await drainEnv(modernPlan());
    expect(modern.DRAIN_FLAGS).toBe('--delete-emptydir-data');
    expect(modern.TARGET_IP).toBe('192.168.100.117');
    expect(modern.DRAIN_TIMEOUT).toBe('120s');
  });
});

describe('renew-certs', () => {
  const target = { nodes: ha, plan };

  it('renews on every control plane, then inspects kubelet.conf on every node, one at a time', () => {
    const ids = ha.map((n) => n.id);
    expect(renewCertsOperation.nodes?.({}, target)).toEqual(ids);
    expect(renewCertsOperation.concurrency).toBe(1);
    const tasks = buildGraph(renewCertsOperation.steps({}, target), ha, plan);
    const keys = tasks.map((t) => t.key);
    expect(keys.filter((k) => k.startsWith('renew-certs@'))).toEqual([
      'renew-certs@master1',
      'renew-certs@master2',
    ]);
    for (const step of ['kubelet-conf-inspect', 'kubelet-conf-issue', 'kubelet-conf'])
      expect(keys.filter((k) => k.startsWith(`${step}@`))).toEqual(ids.map((i) => `${step}@${i}`));
  });

  it('kubeadm 1.18 renews with `alpha certs`, and its files are listed for the check', async () => {
    const steps = renewCertsOperation.steps({ certs: ['apiserver', 'admin.conf'] }, target);
    const step = stepOf(steps, 'renew-certs');
    const ctx = ctxFor(master1, ha, plan, { certs: ['apiserver', 'admin.conf'] });
    const env = (await step.apply(ctx)).env;
    expect(env.RENEW_GROUP).toBe('alpha certs');
    expect(env.RENEW_ARGS).toBe('admin.conf apiserver');
    expect(env.CERT_FILES).toBe(
      'admin.conf kubeconfig /etc/kubernetes/admin.conf\napiserver file /etc/kubernetes/pki/apiserver.crt',
    );
    expect(env.FRESH_DAYS).toBe('364');
  });

  it('super-admin.conf before 1.29 is refused, naming the field', () => {
    const err = thrown(() =>
      renewCertsOperation.steps({ certs: ['apiserver', 'super-admin.conf'] }, target),
    );
    expect(err.field).toBe('params.certs.1');
  });
});
