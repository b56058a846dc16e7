import { describe, expect, it } from 'vitest';
import type { RunState } from '../../common/model/runEvent';
import { runInstall } from './runner';
import { harness, readOnly, transitions } from './testing/harness';
import { JOIN, TOKEN } from './testing/scriptedLab';

const applies = (calls: { kind: string; command: string }[], id: string): number =>
  calls.filter((c) => c.kind === 'exec' && c.command.includes(`# apply:${id}`)).length;

describe('dry run', () => {
  it('renders every script and env without contacting a node', async () => {
    const h = harness();
    const result = await runInstall({ ...h.opts, dryRun: true });
    expect(h.lab.calls).toEqual([]);
    expect(h.saved).toEqual([]);
    const join = result.rendered?.find((r) => r.stepId === 'join-worker' && r.nodeId === 'worker1');
    expect(join?.env.JOIN_COMMAND).toBe('<kubeadm-init.joinCommand on master1>');
    const init = result.rendered?.find((r) => r.stepId === 'kubeadm-init');
    expect(init).toMatchObject({
      mode: 'detached',
      env: { KUBE_VERSION: '1.30.2' },
      check: 'unknown',
    });
    expect(result.rendered).toHaveLength(6);
  });

  it('with probing, runs only read-only checks', async () => {
    const h = harness();
    const result = await runInstall({ ...h.opts, dryRun: true, probe: true });
    expect(h.lab.calls.length).toBeGreaterThan(0);
    for (const r of h.lab.remotes.values()) expect(r.mutatingCalls(readOnly)).toEqual([]);
    expect(result.rendered?.every((r) => r.check === 'needed')).toBe(true);
  });
});

describe('idempotent re-run', () => {
  it('reports everything already done and applies nothing', async () => {
    const h = harness();
    expect((await runInstall(h.opts)).outcome).toBe('succeeded');
    h.lab.calls.length = 0;
    for (const r of h.lab.remotes.values()) r.calls.length = 0;
    const again = await runInstall(h.opts);
    expect(again.outcome).toBe('succeeded');
    expect(again.nodes.map((n) => n.status)).toEqual([
      'already-done',
      'already-done',
      'already-done',
    ]);
    for (const r of h.lab.remotes.values()) expect(r.mutatingCalls(readOnly)).toEqual([]);
  });
});

describe('detached steps', () => {
  it('re-attaches at the offset after a dropped link; the apply starts once', async () => {
    const h = harness();
    const master = h.lab.remote('master1');
    master.dropFollowAfter(1);
    const result = await runInstall(h.opts);
    expect(result.outcome).toBe('succeeded');
    const runId = result.runId;
    expect(master.startCount(runId, 'kubeadm-init.1')).toBe(1);
    const follows = master.calls.filter((c) => c.kind === 'followDetached');
    expect(follows.length).toBe(2);
    expect(follows[1]?.offset).toBeGreaterThan(0);
    const log = h.sink.get(runId, 'master1', 'kubeadm-init');
    expect(log.match(/Using Kubernetes version/g)).toHaveLength(1);
    expect(log).toContain('re-attaching');
    expect(log).toMatch(/done\n$/);
  });

  it('resumes after a crash from the last saved state without re-running applied steps', async () => {
    const h = harness();
    const master = h.lab.remote('master1');
    // Slow the detached init so the "crash" lands while it runs.
    const ac = new AbortController();
    let crashState: RunState | undefined;
    const first = runInstall({
      ...h.opts,
      signal: ac.signal,
      saveState: async (s) => {
        if (crashState) return; // the crashed process writes nothing more
        const init = s.tasks.find((t) => t.stepId === 'kubeadm-init');
        if (init?.status === 'running' && init.detached?.started) {
          crashState = s;
          ac.abort();
        }
      },
    });
    await first;
    expect(crashState).toBeDefined();
    const startsBefore = master.calls.filter((c) => c.kind === 'startDetached').length;
    const prepBefore = applies(master.calls, 'prepare-os');
    const second = await runInstall({ ...h.opts, state: crashState });
    expect(second.outcome).toBe('succeeded');
    expect(second.runId).toBe(crashState?.runId);
    expect(master.calls.filter((c) => c.kind === 'startDetached').length).toBe(startsBefore);
    expect(master.startCount(second.runId, 'kubeadm-init.1')).toBe(1);
    expect(applies(master.calls, 'prepare-os')).toBe(prepBefore);
    expect(prepBefore).toBe(1);
    expect(transitions(h.events, 'done')).toContain('join-worker@worker2');
  });

  it('a crash between saving and starting: the node refuses the second start, the run follows', async () => {
    const h = harness();
    const first = await runInstall(h.opts);
    const master = h.lab.remote('master1');
    // Pretend the back end died right after persisting "about to start" and before hearing back.
    const state = structuredClone(
      h.saved.find((s) => s.tasks.some((t) => t.detached?.started)),
    ) as RunState;
    const init = state.tasks.find((t) => t.stepId === 'kubeadm-init');
    if (!init?.detached) throw new Error('no detached state');
    init.status = 'running';
    init.detached = { attempt: 1, offset: 0, started: false };
    state.tasks.filter((t) => t.stepId === 'join-worker').forEach((t) => (t.status = 'pending'));
    const again = await runInstall({ ...h.opts, state });
    expect(again.outcome).toBe('succeeded');
    expect(master.startCount(first.runId, 'kubeadm-init.1')).toBe(1);
  });
});

describe('a detached run the node no longer has', () => {
  it('fails the re-attach, then the next try starts a new attempt', async () => {
    const h = harness();
    const state: RunState = {
      runId: 'r1',
      startedAt: new Date().toISOString(),
      tasks: [
        { stepId: 'prepare-os', nodeId: 'master1', status: 'done', attempts: 1 },
        {
          stepId: 'kubeadm-init',
          nodeId: 'master1',
          status: 'running',
          attempts: 1,
          detached: { attempt: 1, offset: 10, started: true },
        },
      ],
    };
    const first = await runInstall({ ...h.opts, state, select: { nodes: ['master1'] } });
    expect(first.error?.message).toMatch(/kubeadm-init on master1: No run r1\/kubeadm-init.1/);
    const saved = h.saved.at(-1);
    expect(saved?.tasks.find((t) => t.stepId === 'kubeadm-init')?.detached).toBeUndefined();
    const second = await runInstall({ ...h.opts, state: saved });
    expect(second.outcome).toBe('succeeded');
    expect(h.lab.remote('master1').startCount('r1', 'kubeadm-init.2')).toBe(1);
  });
});

describe('detached timeouts', () => {
  it('fails without a second start, and the next run re-attaches to the same run', async () => {
    const h = harness((id) =>
      id === 'master1'
        ? {
            detached: () => ({ chunks: ['a\n', 'b\n', 'c\n', 'd\n'], intervalMs: 40 }),
          }
        : {},
    );
    const steps = h.opts.steps.map((s) => (s.id === 'kubeadm-init' ? { ...s, timeoutMs: 60 } : s));
    const first = await runInstall({ ...h.opts, steps });
    expect(first.error?.message).toMatch(/kubeadm-init on master1 timed out/);
    const state = h.saved.at(-1);
    const again = await runInstall({ ...h.opts, state });
    expect(again.nodes.find((n) => n.nodeId === 'master1')?.status).toBe('done');
    const master = h.lab.remote('master1');
    expect(master.calls.filter((c) => c.kind === 'startDetached')).toHaveLength(1);
    expect(h.sink.get(first.runId, 'master1', 'kubeadm-init').match(/^[abcd]$/gm)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });
});

describe('redaction', () => {
  it('keeps tokens out of logs, events, saved state and errors', async () => {
    const h = harness((id) => ({
      rules:
        id === 'worker2'
          ? [{ match: '# apply:join-worker', reply: { code: 1, stderr: `bad token ${TOKEN}\n` } }]
          : [],
    }));
    const result = await runInstall(h.opts);
    expect(result.outcome).toBe('failed');
    expect(h.sink.all()).toContain('token <redacted>');
    const everything = JSON.stringify([h.events, h.saved, h.sink.all(), result]);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(JOIN);
    // The secret still reached the worker that needed it.
    const join = h.lab
      .remote('worker1')
      .calls.find((c) => c.command.includes('# apply:join-worker'));
    expect(join?.env.JOIN_COMMAND).toBe(JOIN);
  });
});
