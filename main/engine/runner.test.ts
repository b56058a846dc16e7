import { describe, expect, it } from 'vitest';
import { RunEventSchema } from '../../common/model/runEvent';
import { runInstall } from './runner';
import type { Step } from './step';
import { exampleSteps } from './testing/exampleSteps';
import { harness, transitions } from './testing/harness';
import { JOIN, node } from './testing/scriptedLab';

describe('runInstall', () => {
  it('runs the graph in order and finishes every node', async () => {
    const { opts, events, applied } = harness();
    const result = await runInstall(opts);
    expect(result.outcome).toBe('succeeded');
    expect(result.nodes.map((n) => n.status)).toEqual(['done', 'done', 'done']);
    const done = transitions(events, 'done');
    const init = done.indexOf('kubeadm-init@master1');
    const joinsStarted = events.flatMap((e, i) =>
      e.type === 'task-state' && e.stepId === 'join-worker' && e.status === 'running' ? [i] : [],
    );
    const initDoneAt = events.findIndex(
      (e) => e.type === 'task-state' && e.stepId === 'kubeadm-init' && e.status === 'done',
    );
    expect(init).toBeGreaterThanOrEqual(0);
    expect(joinsStarted.every((i) => i > initDoneAt)).toBe(true);
    expect([...(applied.get('worker1') ?? [])]).toEqual(['prepare-os', 'join-worker']);
    expect(events.at(-1)?.type).toBe('run-finished');
    for (const e of events) expect(RunEventSchema.parse(e)).toEqual(e);
  });

  it('adds a node later: only its tasks run, with a join command collected afresh', async () => {
    const { opts, lab } = harness();
    await runInstall(opts);
    const nodes = [...opts.nodes, node('worker3')];
    const later = await runInstall({ ...opts, nodes, select: { nodes: ['worker3'] } });
    expect(later.outcome).toBe('succeeded');
    expect(later.nodes.map((n) => n.nodeId)).toEqual(['worker3']);
    const join = lab.remote('worker3').calls.find((c) => c.command.includes('# apply:join-worker'));
    expect(join?.env.JOIN_COMMAND).toBe(JOIN);
    const printed = lab
      .remote('master1')
      .calls.filter((c) => c.command.includes('print-join-command'));
    expect(printed).toHaveLength(2);
  });

  it('keeps nodes in parallel under the concurrency limit', async () => {
    const { opts, lab } = harness(() => ({ latencyMs: 15 }));
    const nodes = [
      node('master1', 'control-plane'),
      ...[1, 2, 3, 4, 5, 6].map((i) => node(`w${i}`)),
    ];
    const result = await runInstall({ ...opts, nodes, concurrency: 3 });
    expect(result.outcome).toBe('succeeded');
    expect(lab.maxActive).toBeLessThanOrEqual(3);
    expect(lab.maxActive).toBeGreaterThan(1);
  });

  it('retries with backoff, then succeeds', async () => {
    let fails = 2;
    const { opts, events } = harness((id) => ({
      rules:
        id === 'worker1'
          ? [
              {
                match: '# apply:prepare-os',
                reply: () => (fails-- > 0 ? { code: 1, stderr: 'apt lock\n' } : {}),
              },
            ]
          : [],
    }));
    const result = await runInstall(opts);
    expect(result.outcome).toBe('succeeded');
    const running = events.filter(
      (e) =>
        e.type === 'task-state' &&
        e.nodeId === 'worker1' &&
        e.stepId === 'prepare-os' &&
        e.status === 'running',
    );
    expect(running.map((e) => (e.type === 'task-state' ? e.attempt : 0))).toEqual([1, 2, 3]);
  });

  it('retries a step whose link dropped during its check', async () => {
    const { opts, lab } = harness();
    lab.remote('worker2').dropNext(1);
    const result = await runInstall(opts);
    expect(result.outcome).toBe('succeeded');
    expect(
      lab.remote('worker2').calls.filter((c) => c.command.includes('# check:prepare-os')),
    ).toHaveLength(2);
  });

  it('fails a step that exceeds its timeout', async () => {
    const slow: Step = {
      id: 'slow',
      apply: () => ({ script: '# apply:slow\n', env: {} }),
      timeoutMs: 40,
    };
    const { opts } = harness(() => ({ rules: [{ match: '# apply:slow', delayMs: 5000 }] }));
    const result = await runInstall({ ...opts, steps: [slow], nodes: [node('w1')] });
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toMatch(/slow on w1 timed out after 40 ms/);
  });

  it('cancels cleanly mid-run', async () => {
    const ac = new AbortController();
    const { opts, lab } = harness(() => ({ latencyMs: 20 }));
    const run = runInstall({ ...opts, signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    const result = await run;
    expect(result.outcome).toBe('cancelled');
    expect(result.nodes.every((n) => n.status === 'cancelled')).toBe(true);
    const callsAtEnd = lab.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(lab.calls.length).toBe(callsAtEnd);
  });

  it('a failing worker leaves the other workers done and skips only its dependants', async () => {
    const label: Step = {
      id: 'label-node',
      appliesTo: ['worker'],
      dependsOn: ['join-worker'],
      apply: () => ({ script: '# apply:label-node\n', env: {} }),
    };
    const { opts, events } = harness((id) => ({
      rules:
        id === 'worker1'
          ? [{ match: '# apply:join-worker', reply: { code: 1, stderr: 'preflight failed\n' } }]
          : [],
    }));
    const result = await runInstall({ ...opts, steps: [...exampleSteps, label] });
    expect(result.outcome).toBe('failed');
    const by = Object.fromEntries(result.nodes.map((n) => [n.nodeId, n.status]));
    expect(by).toEqual({ master1: 'done', worker1: 'failed', worker2: 'done' });
    expect(transitions(events, 'skipped')).toEqual(['label-node@worker1']);
    expect(transitions(events, 'done')).toContain('label-node@worker2');
    expect(result.error?.message).toBe(
      'failed on 1 node: worker1: join-worker on worker1 exited 1: preflight failed',
    );
  });

  it('aggregates the errors of every failed node', async () => {
    const { opts } = harness((id) => ({
      rules: id.startsWith('worker')
        ? [{ match: '# apply:prepare-os', reply: { code: 2, stderr: `no disk on ${id}\n` } }]
        : [],
    }));
    const result = await runInstall(opts);
    expect(result.error?.message).toMatch(/^failed on 2 nodes: /);
    expect(result.error?.message).toContain(
      'worker1: prepare-os on worker1 exited 2: no disk on worker1',
    );
    expect(result.error?.message).toContain(
      'worker2: prepare-os on worker2 exited 2: no disk on worker2',
    );
  });
});
