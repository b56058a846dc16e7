// The run service's operation hooks (runnable.ts): `resolve` decides the parameters a run records
// and its steps see; `beforeRun` runs before a NEW run's first step (not on a resume), refusing
// the start when it fails; `afterSuccess` runs after a success, before run-finished is heard.
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunResult, RunState } from '../../common/model/runEvent';
import { RunService, type RunServiceDeps } from './runService';
import { memoryRunRecords, type RunnableOperation } from './runnable';
import { anyParams } from './testing/exampleOperations';
import { examplePlan } from './testing/harness';
import { scriptedLab, threeNodes } from './testing/scriptedLab';
import type { Step } from './step';

/** One step that records the params it saw and fails while `failing` says so. */
function probeStep(seen: unknown[], failing: { on: boolean }): Step {
  return {
    id: 'probe',
    appliesTo: ['control-plane'],
    apply: (ctx) => {
      seen.push(ctx.params);
      return { script: failing.on ? 'exit 3 # apply:probe' : 'true # apply:probe', env: {} };
    },
  };
}

function setup(op: Partial<RunnableOperation>, failing = { on: false }) {
  const seen: unknown[] = [];
  const { lab } = scriptedLab(() => ({
    rules: [
      {
        match: 'exit 3 # apply:probe',
        reply: () => ({ code: 3, stderr: 'broken\n' }),
      },
    ],
  }));
  const plans: unknown[] = [];
  const events: RunEvent[] = [];
  const waiters: ((r: RunResult) => void)[] = [];
  const deps: RunServiceDeps = {
    operations: {
      upgrade: {
        id: 'upgrade',
        params: anyParams,
        steps: () => [probeStep(seen, failing)],
        ...op,
      },
    },
    records: memoryRunRecords(),
    remoteFor: lab.remoteFor,
    clusterRecord: { load: async () => undefined as RunState | undefined, save: async () => {} },
    target: async () => ({ nodes: threeNodes(), plan: examplePlan }),
    projectFile: () => '/tmp/project/kubelab.yaml',
    updatePlan: async (change) => {
      plans.push(change(examplePlan));
    },
  };
  const svc = new RunService(deps, (e) => {
    events.push(e);
    if (e.type === 'run-finished' && !e.result.dryRun) waiters.shift()?.(e.result);
  });
  const finished = (): Promise<RunResult> => new Promise((r) => waiters.push(r));
  return { svc, seen, plans, events, finished };
}

describe('RunService operation hooks', () => {
  it('records and hands the steps the resolved parameters, and resumes a run resolved alike', async () => {
    const failing = { on: true };
    const { svc, seen, finished } = setup(
      { resolve: (p) => ({ to: `${(p as { to: string }).to}.16` }) },
      failing,
    );
    let done = finished();
    await svc.start({ operation: 'upgrade', params: { to: '1.19' } });
    expect((await done).outcome).toBe('failed');
    // (A task's apply is rendered more than once: for its fingerprint and to run it.)
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((p) => JSON.stringify(p)))).toEqual(new Set(['{"to":"1.19.16"}']));
    failing.on = false;
    done = finished();
    const again = await svc.start({ operation: 'upgrade', params: { to: '1.19' } });
    expect(again.resumed).toBe(true);
    expect((await done).outcome).toBe('succeeded');
    expect(new Set(seen.map((p) => JSON.stringify(p)))).toEqual(new Set(['{"to":"1.19.16"}']));
  });

  it('refuses the start when resolve refuses, before any step', async () => {
    const { svc, seen } = setup({
      resolve: () => {
        throw new Error('params.to: lower than the cluster');
      },
    });
    await expect(svc.start({ operation: 'upgrade', params: { to: '1.1' } })).rejects.toThrow(
      'lower than',
    );
    expect(seen).toEqual([]);
  });

  it('hands resolve the host: the project file the run belongs to', async () => {
    const { svc, seen, finished } = setup({
      resolve: (p, _t, host) => ({ ...(p as object), project: host.projectFile }),
    });
    const done = finished();
    await svc.start({ operation: 'upgrade', params: { to: '1.19' } });
    expect((await done).outcome).toBe('succeeded');
    expect(seen[0]).toEqual({ to: '1.19', project: '/tmp/project/kubelab.yaml' });
  });

  it('runs beforeRun on a new run only, logs its report, and a failing one starts nothing', async () => {
    const failing = { on: true };
    let calls = 0;
    const { svc, events, finished } = setup(
      {
        beforeRun: async (_p, _t, host) => {
          calls++;
          return { nodeId: 'cp1', stepId: 'probe', text: `saved beside ${host.projectFile}\n` };
        },
      },
      failing,
    );
    let done = finished();
    await svc.start({ operation: 'upgrade', params: {} });
    await done;
    expect(calls).toBe(1);
    const logs = events.filter((e) => e.type === 'log').map((e) => e.chunk);
    expect(logs.join('')).toContain('saved beside /tmp/project/kubelab.yaml');
    failing.on = false;
    done = finished();
    expect((await svc.start({ operation: 'upgrade', params: {} })).resumed).toBe(true);
    await done;
    expect(calls).toBe(1);

    const refused = setup({
      beforeRun: async () => {
        throw new Error('etcdctl snapshot save failed');
      },
    });
    await expect(refused.svc.start({ operation: 'upgrade', params: {} })).rejects.toThrow(
      'snapshot save failed',
    );
    expect(refused.seen).toEqual([]);
    expect(refused.events).toEqual([]);
  });

  it('runs afterSuccess once the run succeeded and before run-finished, never after a failure', async () => {
    const failing = { on: true };
    const order: string[] = [];
    const { svc, plans, finished } = setup(
      {
        afterSuccess: async (_p, _t, host) => {
          order.push('after');
          await host.updatePlan((plan) => ({ ...(plan as object), version: '1.19.16' }));
        },
      },
      failing,
    );
    let done = finished().then((r) => {
      order.push(`finished:${r.outcome}`);
      return r;
    });
    await svc.start({ operation: 'upgrade', params: {} });
    await done;
    expect(plans).toEqual([]);
    failing.on = false;
    done = finished().then((r) => {
      order.push(`finished:${r.outcome}`);
      return r;
    });
    await svc.start({ operation: 'upgrade', params: {} });
    await done;
    expect(order).toEqual(['finished:failed', 'after', 'finished:succeeded']);
    expect(plans).toEqual([{ ...examplePlan, version: '1.19.16' }]);
  });
});
