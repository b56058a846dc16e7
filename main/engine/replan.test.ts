import { describe, expect, it } from 'vitest';
import type { RunEvent, RunState } from '../../common/model/runEvent';
import { RunService } from './runService';
import { memoryRunRecords } from './runnable';
import { exampleOperations } from './testing/exampleOperations';
import { runInstall } from './runner';
import { harness, transitions } from './testing/harness';
import { mirrorHarness, mirrorSteps, type MirrorHarness } from './testing/mirrorLab';

const BLOCKED = { registry: 'blocked/k8s' };
const MIRROR = { registry: 'mirror.example/google_containers' };
const NODES = ['master1', 'worker1', 'worker2'];

/** Events of the run after `from` (the second run's, when `from` is the first's count). */
const since = (h: { events: RunEvent[] }, from: number): RunEvent[] => h.events.slice(from);

function startedOf(events: readonly RunEvent[]): Extract<RunEvent, { type: 'run-started' }> {
  const e = events.find((x) => x.type === 'run-started');
  if (e?.type !== 'run-started') throw new Error('no run-started');
  return e;
}

/** A first run that fails at pull-images on worker2 only (the others finish). */
async function failedOnce(h: MirrorHarness): Promise<RunState> {
  h.failPull.add('worker2');
  const first = await runInstall(h.opts);
  expect(first.outcome).toBe('failed');
  const saved = h.saved.at(-1);
  if (!saved) throw new Error('nothing saved');
  return saved;
}

describe('resume after the plan changed', () => {
  it('re-checks the tasks the new plan renders differently and what depends on them', async () => {
    const h = mirrorHarness(BLOCKED);
    const first = await runInstall(h.opts);
    expect(first.outcome).toBe('failed');
    for (const n of NODES) expect(h.node(n).sandbox).toBe('blocked/k8s/pause:3.10.1');
    const saved = h.saved.at(-1);
    const mark = h.events.length;
    const checksBefore = NODES.map((n) => h.node(n).checks.length);

    const second = await runInstall({ ...h.opts, plan: MIRROR, state: saved });
    expect(second.outcome).toBe('succeeded');
    expect(second.runId).toBe(first.runId);
    const events = since(h, mark);
    expect(startedOf(events)).toMatchObject({
      resumed: true,
      recheck: { changed: 3, unrecorded: 0, dependants: 3 },
    });
    for (const [i, n] of NODES.entries()) {
      // Not kept from the failed run: re-applied from the mirror.
      expect(h.node(n).sandbox).toBe('mirror.example/google_containers/pause:3.10.1');
      expect(h.node(n).pulled).toEqual(new Set(['mirror.example/google_containers/pause:3.10.1']));
      // prepare-os renders the same: kept, not even checked. enable-kubelet follows the
      // runtime on its node: checked again, and already done.
      expect(h.node(n).checks.slice(checksBefore[i])).toEqual([
        'container-runtime',
        'enable-kubelet',
        'pull-images',
      ]);
      expect(h.node(n).applies.filter((s) => s === 'prepare-os')).toHaveLength(1);
    }
    expect(transitions(events, 'done')).toEqual(
      expect.arrayContaining(NODES.map((n) => `container-runtime@${n}`)),
    );
    expect(transitions(events, 'already-done').sort()).toEqual(
      NODES.map((n) => `enable-kubelet@${n}`),
    );
    expect(transitions(events).filter((t) => t.startsWith('prepare-os'))).toEqual([]);
    // Each re-checked task says why in its log (the UI's cell log, the CLI's --verbose).
    const why = events.find(
      (e) => e.type === 'log' && e.stepId === 'container-runtime' && e.nodeId === 'worker1',
    );
    expect(why?.type === 'log' && why.chunk).toMatch(/plan or the nodes now render it differently/);
    // And the record now says what they were rendered from: a resume of it keeps everything.
    const mark2 = h.events.length;
    await runInstall({ ...h.opts, plan: MIRROR, state: h.saved.at(-1) });
    expect(startedOf(since(h, mark2)).recheck).toBeUndefined();
    expect(transitions(since(h, mark2))).toEqual([]);
  });

  it('keeps every finished task when nothing changed: only the failed one runs', async () => {
    const h = mirrorHarness(MIRROR);
    const saved = await failedOnce(h);
    const mark = h.events.length;
    const second = await runInstall({ ...h.opts, state: saved });
    expect(second.outcome).toBe('succeeded');
    const events = since(h, mark);
    expect(startedOf(events).recheck).toBeUndefined();
    expect([...new Set(transitions(events))]).toEqual(['pull-images@worker2']);
  });

  it('re-checks the tasks of a node whose address changed, and only those', async () => {
    const h = mirrorHarness(MIRROR);
    const saved = await failedOnce(h);
    const mark = h.events.length;
    const nodes = h.nodes.map((n) => (n.id === 'worker1' ? { ...n, address: '10.0.0.77' } : n));
    const second = await runInstall({ ...h.opts, nodes, state: saved });
    expect(second.outcome).toBe('succeeded');
    const events = since(h, mark);
    expect(startedOf(events).recheck).toEqual({ changed: 4, unrecorded: 0, dependants: 0 });
    const ran = new Set(transitions(events));
    for (const s of mirrorSteps) expect(ran.has(`${s.id}@worker1`), s.id).toBe(true);
    expect([...ran].filter((t) => t.endsWith('@master1'))).toEqual([]);
    expect([...ran].filter((t) => t.endsWith('@worker2'))).toEqual(['pull-images@worker2']);
  });

  it('re-checks, never keeps blindly, finished tasks recorded without fingerprints', async () => {
    const h = mirrorHarness(MIRROR);
    const saved = await failedOnce(h);
    // A project file written before fingerprints (the field is optional: it still loads).
    for (const t of saved.tasks) delete t.fingerprint;
    const finished = saved.tasks.filter((t) => t.status === 'done').length;
    expect(finished).toBe(11);
    const mark = h.events.length;
    const second = await runInstall({ ...h.opts, state: saved });
    expect(second.outcome).toBe('succeeded');
    const events = since(h, mark);
    expect(startedOf(events).recheck).toEqual({ changed: 0, unrecorded: 11, dependants: 0 });
    expect(transitions(events, 'already-done')).toHaveLength(11);
    // Checked, and nothing applied twice: the nodes already matched.
    for (const n of NODES) {
      expect(h.node(n).applies.filter((s) => s === 'container-runtime')).toHaveLength(1);
    }
    const last = h.saved.at(-1);
    expect(last?.tasks.every((t) => /^[0-9a-f]{64}$/.test(t.fingerprint ?? ''))).toBe(true);
  });

  it('RunService (the UI’s Resume, kubelab apply): resumes and re-checks after a plan switch', async () => {
    const h = mirrorHarness(BLOCKED);
    let plan = BLOCKED;
    let state: RunState | undefined;
    const events: RunEvent[] = [];
    const svc = new RunService(
      {
        operations: exampleOperations(mirrorSteps),
        records: memoryRunRecords(),
        remoteFor: h.lab.remoteFor,
        clusterRecord: {
          load: async () => structuredClone(state),
          save: async (s) => {
            state = structuredClone(s);
          },
        },
        target: async () => ({ nodes: h.nodes, plan }),
      },
      (e) => events.push(e),
    );
    await svc.start({ operation: 'install' });
    expect((await svc.wait())?.outcome).toBe('failed');
    plan = MIRROR;
    const started = await svc.start({ operation: 'install' });
    expect(started.resumed).toBe(true);
    expect((await svc.wait())?.outcome).toBe('succeeded');
    const second = events.filter((e) => e.type === 'run-started').at(-1);
    expect(second?.type === 'run-started' && second.recheck?.changed).toBe(3);
    expect(h.node('worker2').sandbox).toBe('mirror.example/google_containers/pause:3.10.1');
  });
});

describe('a detached run started before the plan changed', () => {
  it('is re-attached (never started twice), then checked against the new plan', async () => {
    const h = harness();
    const master = h.lab.remote('master1');
    const ac = new AbortController();
    let crashState: RunState | undefined;
    await runInstall({
      ...h.opts,
      signal: ac.signal,
      saveState: async (s) => {
        if (crashState) return;
        const init = s.tasks.find((t) => t.stepId === 'kubeadm-init');
        if (init?.status === 'running' && init.detached?.started) {
          crashState = structuredClone(s);
          ac.abort();
        }
      },
    });
    const before = crashState?.tasks.find((t) => t.stepId === 'kubeadm-init')?.fingerprint;
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    const plan = { version: '1.31.0', podCidr: '10.10.0.0/16' };
    const second = await runInstall({ ...h.opts, plan, state: crashState });
    expect(second.outcome).toBe('succeeded');
    const runId = second.runId;
    expect(master.calls.filter((c) => c.kind === 'startDetached')).toHaveLength(1);
    expect(master.startCount(runId, 'kubeadm-init.1')).toBe(1);
    const log = h.sink.get(runId, 'master1', 'kubeadm-init');
    expect(log).toContain('re-attaching');
    expect(log).toContain('started before the plan or the nodes changed; checking it again');
    const init = h.saved.at(-1)?.tasks.find((t) => t.stepId === 'kubeadm-init');
    expect(init?.status).toBe('already-done');
    expect(init?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(init?.fingerprint).not.toBe(before);
  });
});
