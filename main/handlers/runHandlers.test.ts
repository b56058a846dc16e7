// run.start through the contract's gate (dispatch): every operation through one entry, refused
// before anything reaches a machine when the operation, its params or its confirmation is wrong;
// and an operation's `leaves` deciding which machines the cluster's record forgets.
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunResult, RunState } from '../../common/model/runEvent';
import { dispatch } from '../api/dispatch';
import { EventBus } from '../api/eventBus';
import type { Handlers } from '../api/handlers';
import { memoryRunRecords } from '../engine/runnable';
import type { RunServiceDeps } from '../engine/runService';
import { scriptCheck, type Step } from '../engine/step';
import { scriptedLab, threeNodes } from '../engine/testing/scriptedLab';
import { OPERATION_DEFS } from '../operations';
import type { OperationDef } from '../operations/operation';
import { createProjectRunService } from './projectRunService';
import { createRunHandlers } from './runHandlers';

const plan = { clusterName: 'kubernetes', version: '1.30.2' };
const ctx = { face: 'web' } as const;

const step = (id: string): Step => ({
  id,
  check: scriptCheck(() => ({ script: `#!/usr/bin/env bash\n# check:${id}\n`, env: {} })),
  apply: () => ({ script: `#!/usr/bin/env bash\n# apply:${id}\n`, env: {} }),
});

/** Every machine installed: one done task per machine. */
function installed(): RunState {
  return {
    runId: 'r-install',
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:20:00.000Z',
    outcome: 'succeeded',
    tasks: threeNodes().map((n) => ({
      stepId: 'prepare-os',
      nodeId: n.id,
      status: 'done',
      attempts: 1,
    })),
  };
}

/** The real operations' params, machines and `leaves`, over one no-op step each. */
function withStep(
  id: 'remove-node' | 'reset-node' | 'renew-certs',
  appliesTo?: Step['appliesTo'],
): OperationDef {
  const def = OPERATION_DEFS[id];
  if (!def) throw new Error(`${id} is not built`);
  return { ...def, steps: () => [{ ...step(id), appliesTo }], prelude: undefined };
}

function setup(): {
  handlers: Handlers;
  store: { state: RunState | undefined };
  applied: Map<string, Set<string>>;
  finished: () => Promise<RunResult>;
} {
  const { lab, applied } = scriptedLab();
  const store: { state: RunState | undefined } = { state: installed() };
  const deps: RunServiceDeps = {
    operations: {
      'remove-node': withStep('remove-node'),
      'reset-node': withStep('reset-node'),
      // The run reaches every machine (each kubelet.conf is checked, issue 21); kubeadm's own
      // certificates are renewed on control planes only, as the real renew-certs step does.
      'renew-certs': withStep('renew-certs', ['control-plane']),
    },
    records: memoryRunRecords(),
    remoteFor: lab.remoteFor,
    clusterRecord: {
      load: async () => structuredClone(store.state),
      save: async (s) => {
        store.state = structuredClone(s);
      },
    },
    target: async () => ({ nodes: threeNodes(), plan }),
  };
  const bus = new EventBus();
  const waiters: ((r: RunResult) => void)[] = [];
  bus.subscribe((name, payload) => {
    const e = payload as RunEvent;
    if (name === 'install.event' && e.type === 'run-finished') waiters.shift()?.(e.result);
  });
  // Only run.start is called here; the rest of the contract is not this test's.
  const handlers = createRunHandlers(createProjectRunService(deps, bus)) as unknown as Handlers;
  return { handlers, store, applied, finished: () => new Promise((r) => waiters.push(r)) };
}

async function refusal(handlers: Handlers, payload: unknown): Promise<unknown> {
  const res = await dispatch(handlers, 'run.start', payload, ctx);
  expect(res.ok).toBe(false);
  return res.ok ? undefined : res.error;
}

describe('run.start refuses before anything runs', () => {
  it('an operation outside the catalog, naming the field', async () => {
    const { handlers, applied } = setup();
    expect(await refusal(handlers, { operation: 'format-disks' })).toMatchObject({
      code: 'invalid_payload',
      field: 'operation',
    });
    expect(await refusal(handlers, { params: {} })).toMatchObject({ field: 'operation' });
    expect(applied.size).toBe(0);
  });

  it('an operation of the catalog that is not built', async () => {
    const { handlers } = setup();
    expect(await refusal(handlers, { operation: 'join-control-plane' })).toMatchObject({
      code: 'not_built',
      field: 'operation',
    });
  });

  it('bad params, naming params.<field>', async () => {
    const { handlers, applied } = setup();
    expect(
      await refusal(handlers, {
        operation: 'remove-node',
        params: { nodeId: 'worker1', unreachable: 'yes' },
        confirm: 'kubernetes',
      }),
    ).toMatchObject({ code: 'invalid_payload', field: 'params.unreachable' });
    expect(
      await refusal(handlers, { operation: 'remove-node', params: {}, confirm: 'kubernetes' }),
    ).toMatchObject({ field: 'params.nodeId' });
    expect(
      await refusal(handlers, {
        operation: 'remove-node',
        params: { nodeId: 'ghost' },
        confirm: 'kubernetes',
      }),
    ).toMatchObject({ code: 'not_found', field: 'params.nodeId' });
    expect(applied.size).toBe(0);
  });

  it('a destructive operation without the cluster name typed', async () => {
    const { handlers, applied, store } = setup();
    for (const confirm of [undefined, '', 'Kubernetes']) {
      expect(
        await refusal(handlers, {
          operation: 'remove-node',
          params: { nodeId: 'worker1' },
          ...(confirm === undefined ? {} : { confirm }),
        }),
      ).toMatchObject({ code: 'not_confirmed', field: 'confirm' });
    }
    expect(applied.size).toBe(0);
    expect(store.state).toEqual(installed());
  });
});

describe('run.start runs any built operation', () => {
  it('renew-certs (confirmed once in the face, no cluster name) on the control plane', async () => {
    const { handlers, applied, finished, store } = setup();
    const done = finished();
    const res = await dispatch(handlers, 'run.start', { operation: 'renew-certs' }, ctx);
    expect(res).toMatchObject({ ok: true, value: { dryRun: false, resumed: false } });
    expect((await done).outcome).toBe('succeeded');
    expect(applied.get('master1')?.has('renew-certs')).toBe(true);
    expect(applied.has('worker1')).toBe(false);
    // Nobody leaves the cluster after a renewal.
    expect(store.state).toEqual(installed());
  });

  it('remove-node forgets only the removed machine, not the control plane that removed it', async () => {
    const { handlers, applied, finished, store } = setup();
    const done = finished();
    const res = await dispatch(
      handlers,
      'run.start',
      { operation: 'remove-node', params: { nodeId: 'worker1' }, confirm: 'kubernetes' },
      ctx,
    );
    expect(res.ok).toBe(true);
    expect((await done).outcome).toBe('succeeded');
    // It ran on the controller and the machine; only the machine leaves the record.
    expect(applied.get('master1')?.has('remove-node')).toBe(true);
    expect(applied.get('worker1')?.has('remove-node')).toBe(true);
    expect(store.state?.tasks.map((t) => t.nodeId)).toEqual(['master1', 'worker2']);
  });

  it('remove-node of an unreachable machine forgets it too, though it ran only on the controller', async () => {
    const { handlers, applied, finished, store } = setup();
    const done = finished();
    await dispatch(
      handlers,
      'run.start',
      {
        operation: 'remove-node',
        params: { nodeId: 'worker2', unreachable: true },
        confirm: 'kubernetes',
      },
      ctx,
    );
    expect((await done).outcome).toBe('succeeded');
    expect(applied.has('worker2')).toBe(false);
    expect(store.state?.tasks.map((t) => t.nodeId)).toEqual(['master1', 'worker1']);
  });
});
