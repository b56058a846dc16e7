import { describe, expect, it } from 'vitest';
import { buildGraph } from './graph';
import type { Step } from './step';
import { exampleSteps } from './testing/exampleSteps';
import { node, threeNodes } from './testing/scriptedLab';

const plain = (id: string, extra: Partial<Step> = {}): Step => ({
  id,
  apply: () => ({ script: '', env: {} }),
  ...extra,
});

describe('buildGraph', () => {
  it('chains steps per node and adds role dependencies across nodes', () => {
    const tasks = buildGraph(exampleSteps, threeNodes(), {});
    const deps = Object.fromEntries(tasks.map((t) => [t.key, [...t.deps].sort()]));
    expect(deps).toEqual({
      'prepare-os@master1': [],
      'prepare-os@worker1': [],
      'prepare-os@worker2': [],
      'kubeadm-init@master1': ['prepare-os@master1'],
      'join-worker@worker1': ['kubeadm-init@master1', 'prepare-os@worker1'],
      'join-worker@worker2': ['kubeadm-init@master1', 'prepare-os@worker2'],
    });
  });

  it('leaves dependencies outside the selection to the caller', () => {
    const tasks = buildGraph(
      exampleSteps,
      [...threeNodes(), node('worker3')],
      {},
      {
        steps: ['join-worker'],
        nodes: ['worker3'],
      },
    );
    expect(tasks.map((t) => [t.key, t.deps])).toEqual([['join-worker@worker3', []]]);
  });

  it('honours predicates and all-nodes barriers', () => {
    const steps = [
      plain('a'),
      plain('b', { when: (n) => n.id !== 'worker2' }),
      plain('c', { dependsOn: [{ step: 'a', on: 'all-nodes' }] }),
    ];
    const tasks = buildGraph(steps, threeNodes(), {});
    expect(tasks.find((t) => t.key === 'b@worker2')).toBeUndefined();
    expect([...(tasks.find((t) => t.key === 'c@worker2')?.deps ?? [])].sort()).toEqual([
      'a@master1',
      'a@worker1',
      'a@worker2',
    ]);
  });

  it('runs a one-node-at-a-time step in inventory order, each node after the previous one', () => {
    const steps = [
      plain('a'),
      plain('b', { oneNodeAtATime: true, when: (n) => n.id !== 'worker1' }),
      plain('c'),
    ];
    const deps = Object.fromEntries(
      buildGraph(steps, threeNodes(), {}).map((t) => [t.key, [...t.deps].sort()]),
    );
    expect(deps['b@master1']).toEqual(['a@master1']);
    // worker1 does not run b, so worker2 waits for master1's b, not for a task that is not there.
    expect(deps['b@worker2']).toEqual(['a@worker2', 'b@master1']);
    // A plain step stays parallel across nodes.
    expect(deps['c@worker2']).toEqual(['b@worker2']);
  });

  it('refuses unknown, duplicate and forward dependencies', () => {
    expect(() => buildGraph([plain('a', { dependsOn: ['zz'] })], threeNodes(), {})).toThrow(
      /unknown step "zz"/,
    );
    expect(() =>
      buildGraph([plain('a', { dependsOn: ['b'] }), plain('b')], threeNodes(), {}),
    ).toThrow(/later step "b"/);
    expect(() => buildGraph([plain('a'), plain('a')], threeNodes(), {})).toThrow(/twice/);
    expect(() => buildGraph([plain('a')], threeNodes(), {}, { nodes: ['nope'] })).toThrow(
      /unknown node/,
    );
  });
});
