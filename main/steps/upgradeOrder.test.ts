import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../common/model/node';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { buildGraph } from '../engine/graph';
import type { Remote } from '../engine/remote';
import { CHECK_NEEDED_EXIT } from '../engine/step';
import { runInstall } from '../engine/runner';
import { upgradeSteps } from './index';
import { noTransfers } from '../../tests/fakes/noTransfers';

/** Two control planes and four workers, from the guide's machines. */
function bigCluster(): NodeSpec[] {
  const [cp, w] = guideNodes();
  if (!cp || !w) throw new Error('guideNodes changed');
  const at = (base: NodeSpec, id: string, last: number): NodeSpec => ({
    ...base,
    id,
    name: id,
    address: `192.168.100.${last}`,
  });
  return [
    at(cp, 'cp1', 111),
    at(cp, 'cp2', 112),
    at(w, 'w1', 121),
    at(w, 'w2', 122),
    at(w, 'w3', 123),
    at(w, 'w4', 124),
  ];
}

function turnDeps(nodes: NodeSpec[], batch: number): Record<string, string[]> {
  const tasks = buildGraph(upgradeSteps(batch), nodes, guidePlan());
  const starts = tasks.filter((t) => t.step.id === 'upgrade-apply' || t.step.id === 'upgrade-node');
  return Object.fromEntries(
    starts.map((t) => [t.node.id, t.deps.filter((d) => d.startsWith('upgrade-uncordon@')).sort()]),
  );
}

describe('the upgrade hop’s turns', () => {
  it('first control plane, the other one after it, then workers one at a time by default', () => {
    expect(turnDeps(bigCluster(), 1)).toEqual({
      cp1: [],
      cp2: ['upgrade-uncordon@cp1'],
      w1: ['upgrade-uncordon@cp2'],
      w2: ['upgrade-uncordon@w1'],
      w3: ['upgrade-uncordon@w2'],
      w4: ['upgrade-uncordon@w3'],
    });
  });

  it('workers in batches of the size asked: a batch waits for every node of the previous one', () => {
    expect(turnDeps(bigCluster(), 2)).toEqual({
      cp1: [],
      cp2: ['upgrade-uncordon@cp1'],
      w1: ['upgrade-uncordon@cp2'],
      w2: ['upgrade-uncordon@cp2'],
      w3: ['upgrade-uncordon@w1', 'upgrade-uncordon@w2'],
      w4: ['upgrade-uncordon@w1', 'upgrade-uncordon@w2'],
    });
  });

  it('runs each node’s whole turn before the next worker’s, drains and uncordons on the control plane', async () => {
    const nodes = guideNodes();
    const { order, result } = await fakeHop(nodes, 'True');
    expect(result.outcome).toBe('succeeded');
    const at = (entry: string): number => {
      const i = order.indexOf(entry);
      if (i < 0) throw new Error(`${entry} never ran:\n${order.join('\n')}`);
      return i;
    };
    expect(at('upgrade-backup@master1 on master1')).toBeLessThan(
      at('upgrade-apply@master1 on master1'),
    );
    expect(at('upgrade-drain@node1 on master1')).toBeLessThan(at('upgrade-kubelet@node1 on node1'));
    expect(at('upgrade-kubelet@node1 on node1')).toBeLessThan(
      at('upgrade-uncordon@node1 on master1'),
    );
    expect(at('upgrade-uncordon@master1 on master1')).toBeLessThan(
      at('upgrade-node@node1 on node1'),
    );
    expect(at('upgrade-uncordon@node1 on master1')).toBeLessThan(at('upgrade-node@node2 on node2'));
    expect(at('upgrade-uncordon@node2 on master1')).toBe(order.length - 1);
  });

  it('changes nothing when the cluster is not healthy: the checks come before every step', async () => {
    const { order, result } = await fakeHop(guideNodes(), 'False');
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toContain('master1 is not Ready');
    expect(order).toEqual([]);
  });
});

/**
 * One hop over `nodes` on scripted machines: every check says "needed", every apply succeeds and
 * is recorded as `<step>@<node it is for> on <machine it ran on>`; kubectl's JSON reads show the
 * nodes with the given Ready status.
 */
async function fakeHop(nodes: NodeSpec[], ready: string) {
  const order: string[] = [];
  const nodeList = JSON.stringify({
    items: nodes.map((n) => ({
      metadata: { name: n.name },
      status: {
        conditions: [{ type: 'Ready', status: ready }],
        nodeInfo: { kubeletVersion: 'v1.18.2' },
      },
    })),
  });
  const record = async (host: NodeSpec, env: Record<string, string>): Promise<void> => {
    const target = nodes.find((n) => n.address === (env.TARGET_IP ?? env.NODE_IP));
    order.push(`${env.KL_STEP}@${target?.id ?? host.id} on ${host.id}`);
    // Let other tasks interleave, as SSH round trips would.
    await new Promise((r) => setTimeout(r, 1));
  };
  const remoteFor = (host: NodeSpec): Remote => ({
    nodeId: host.id,
    exec: async (script, opts) => {
      const env = opts?.env ?? {};
      // upgrade-preflight's read-only script: the node list, a separator, the kube-system pods.
      if (env.KL_STEP === undefined && script.includes('get pods -n kube-system -o json'))
        return { code: 0, stdout: `${nodeList}\n---kubelab---\n{"items":[]}\n`, stderr: '' };
      // Anything else without a step is the engine's own reading for a diagnosis (journals, ports).
      if (env.KL_STEP === undefined) return { code: 0, stdout: '', stderr: '' };
      if (env.KL_MODE === 'check') return { code: CHECK_NEEDED_EXIT, stdout: '', stderr: '' };
      await record(host, env);
      return { code: 0, stdout: '', stderr: '' };
    },
    // upgrade-apply runs detached: started, then followed to its exit.
    startDetached: (_ref, _script, env) => record(host, env),
    followDetached: () => Promise.resolve({ offset: 0, exitCode: 0 }),
    upload: () => Promise.reject(new Error('not used')),
    ...noTransfers,
    download: () => Promise.reject(new Error('not used')),
  });
  const result = await runInstall({
    steps: upgradeSteps(1),
    nodes,
    plan: guidePlan(),
    params: { to: '1.19.16' },
    remoteFor,
  });
  return { order, result };
}
