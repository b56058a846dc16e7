import { describe, expect, it } from 'vitest';
import type { RunEvent, RunResult, RunState } from '../../common/model/runEvent';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { InstallService, type InstallDeps } from './installService';
import { examplePlan } from './testing/harness';
import { exampleSteps } from './testing/exampleSteps';
import { scriptedLab, threeNodes } from './testing/scriptedLab';

function service(fail?: (nodeId: string) => boolean): {
  svc: InstallService;
  store: { state: RunState | undefined };
  finished: () => Promise<RunResult>;
  events: RunEvent[];
} {
  const { lab, applied } = scriptedLab((id) => ({
    rules: [
      {
        match: '# apply:join-worker',
        reply: () => {
          if (fail?.(id)) return { code: 1, stderr: 'nope\n' };
          applied.get(id)?.add('join-worker');
          return { stdout: 'joined\n' };
        },
      },
    ],
  }));
  const store: { state: RunState | undefined } = { state: undefined };
  const events: RunEvent[] = [];
  const waiters: ((r: RunResult) => void)[] = [];
  const deps: InstallDeps = {
    steps: exampleSteps,
    remoteFor: lab.remoteFor,
    stateStore: {
      load: async () => structuredClone(store.state),
      save: async (s) => {
        store.state = structuredClone(s);
      },
    },
    target: async () => ({ nodes: threeNodes(), plan: examplePlan }),
  };
  const svc = new InstallService(deps, (e) => {
    events.push(e);
    if (e.type === 'run-finished' && !e.result.dryRun) waiters.shift()?.(e.result);
  });
  const finished = (): Promise<RunResult> => new Promise((r) => waiters.push(r));
  return { svc, store, finished, events };
}

describe('InstallService', () => {
  it('says what is not configured', async () => {
    const svc = new InstallService({}, () => undefined);
    await expect(svc.start({})).rejects.toMatchObject({ code: 'not_configured' });
  });

  it('retries one failed task of the saved run', async () => {
    let broken = true;
    const { svc, store, finished } = service((id) => broken && id === 'worker1');
    const done = finished();
    const started = await svc.start({});
    await expect(svc.start({})).rejects.toMatchObject({ code: 'run_in_progress' });
    const first = await done;
    expect(first.outcome).toBe('failed');
    expect(store.state?.outcome).toBe('failed');

    broken = false;
    const again = finished();
    const retried = await svc.retry('join-worker', 'worker1');
    expect(retried).toMatchObject({ runId: started.runId, resumed: true });
    expect((await again).outcome).toBe('succeeded');
  });

  it('a user skip counts as done for the next run', async () => {
    const { svc, finished } = service((id) => id === 'worker1');
    const done = finished();
    await svc.start({});
    expect((await done).outcome).toBe('failed');
    const skipped = await svc.skip('join-worker', 'worker1');
    const task = skipped.tasks.find((t) => t.nodeId === 'worker1' && t.stepId === 'join-worker');
    expect(task).toMatchObject({ status: 'skipped', skipReason: 'user' });
    const next = finished();
    expect((await svc.start({})).resumed).toBe(true);
    expect((await next).outcome).toBe('succeeded');
  });

  it('cancels the active run and resumes it on the next start', async () => {
    const { svc, store, finished } = service();
    const done = finished();
    const started = await svc.start({});
    expect(svc.cancel()).toEqual({ cancelled: true });
    expect((await done).outcome).toBe('cancelled');
    expect(store.state?.outcome).toBe('cancelled');
    const next = finished();
    const resumed = await svc.start({});
    expect(resumed).toMatchObject({ runId: started.runId, resumed: true });
    expect((await next).outcome).toBe('succeeded');
    const fresh = finished();
    const third = await svc.start({});
    expect(third.resumed).toBe(false);
    expect((await fresh).nodes.every((n) => n.status === 'already-done')).toBe(true);
  });

  it('returns a dry run with its rendered scripts', async () => {
    const { svc, store } = service();
    const res = await svc.start({ dryRun: true, nodes: ['master1'] });
    expect(res.result?.rendered?.map((r) => r.stepId)).toEqual(['prepare-os', 'kubeadm-init']);
    expect(store.state).toBeUndefined();
  });
});

describe('install contract', () => {
  it('validates payloads and answers not_configured by default', async () => {
    const { handlers } = createBackend({
      face: 'cli',
      settingsStore: { load: async () => ({}), save: async () => undefined } as never,
    });
    const bad = await dispatch(
      handlers,
      'install.retry',
      { stepId: 'x; rm -rf /', nodeId: 'n1' },
      { face: 'cli' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload', field: 'stepId' } });
    const start = await dispatch(handlers, 'install.start', {}, { face: 'cli' });
    expect(start).toMatchObject({ ok: false, error: { code: 'not_configured' } });
    const state = await dispatch(handlers, 'install.state', {}, { face: 'cli' });
    expect(state).toEqual({ ok: true, value: { active: false, state: null } });
  });
});
