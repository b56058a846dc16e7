// preflight.fix through the one validation gate (dispatch) into the handler: the payload's
// `context` (default `install`, as preflight.run) reaches the fix runner, which judges the check
// in it before and after the fix (main/preflight/fixContext.test.ts). Through createBackend, as
// every face wires it. No SSH: the runner is replaced by one that records what it was asked.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FixOutcome, FixRequest, PreflightRun } from '../../common/contracts/preflight';
import type { ClusterPlan } from '../../common/model/plan';

import { guideNodes, guidePlan } from '../../common/plan/presets';
import { dispatch } from '../api/dispatch';
import type { Handlers } from '../api/handlers';
import { createBackend } from '../backend';
import { FileProjectStore } from '../store/projectStore';
import { MemorySecretStore } from '../store/secrets';

const asked: FixRequest[] = [];
/** The projects preflight.run reached the machines with (runPreflight's node ids). */
const preflightRuns: string[][] = [];

vi.mock('../preflight/fixRunner', () => ({
  applyDiagnosisFix: () => Promise.reject(new Error('unused')),
  applyFix: (request: FixRequest): Promise<FixOutcome> => {
    asked.push(request);
    return Promise.resolve({
      fixId: 'swap-off',
      ranOn: [request.nodeId],
      commands: [],
      recheck: [],
      fixed: true,
      run: {
        checkedAt: new Date(0).toISOString(),
        durationMs: 0,
        report: { ok: true, counts: { block: 0, warn: 0, pass: 0, unknown: 0 }, results: [] },
        matrices: [],
        listeners: [],
        unreachable: [],
      },
    });
  },
}));

vi.mock('../preflight/preflightService', () => ({
  runPreflight: (nodes: readonly { id: string }[]): Promise<PreflightRun> => {
    preflightRuns.push(nodes.map((n) => n.id));
    return Promise.resolve({
      checkedAt: new Date(0).toISOString(),
      durationMs: 0,
      report: { ok: true, counts: { block: 0, warn: 0, pass: 0, unknown: 0 }, results: [] },
      matrices: [],
      listeners: [],
      unreachable: [],
    });
  },
}));

/** A CLI-face backend on the guide's project (nothing connects: the runner is faked). */
function handlers(plan: ClusterPlan = guidePlan()): Handlers {
  const projectStore = new FileProjectStore({
    schemaVersion: 1,
    nodes: guideNodes(),
    plan,
  } as never);
  return createBackend({
    face: 'cli',
    settingsStore: { read: async () => ({}) as never, write: async () => undefined },
    projectStore,
    nodes: { secrets: new MemorySecretStore() },
  }).handlers;
}

const fix = { checkId: 'swap-active', nodeId: 'node1', confirm: true };

beforeEach(() => {
  asked.length = 0;
  preflightRuns.length = 0;
});

describe('preflight.fix over dispatch', () => {
  it('hands the payload’s context to the fix runner, install when none is given', async () => {
    const h = handlers();
    const existing = await dispatch(
      h,
      'preflight.fix',
      { ...fix, context: 'existing' },
      { face: 'cli' },
    );
    expect(existing.ok).toBe(true);
    const plain = await dispatch(h, 'preflight.fix', fix, { face: 'cli' });
    expect(plain.ok).toBe(true);
    expect(asked.map((r) => r.context)).toEqual(['existing', 'install']);
  });

  it('refuses an unknown context before the runner is called, naming the field', async () => {
    const res = await dispatch(
      handlers(),
      'preflight.fix',
      { ...fix, context: 'cluster' },
      { face: 'cli' },
    );
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.field).toBe('context');
    expect(asked).toEqual([]);
  });
});

describe('preflight.run over dispatch', () => {
  it('checks the machines of a runnable project', async () => {
    const res = await dispatch(handlers(), 'preflight.run', { matrix: false }, { face: 'cli' });
    expect(res.ok).toBe(true);
    expect(preflightRuns).toEqual([guideNodes().map((n) => n.id)]);
  });

  // A plan edited by hand in the file is only parsed on open; like preflight.fix and run.start,
  // preflight.run refuses it (the field named) before logging in to any machine.
  it('refuses a project that cannot run, naming the field, before reaching a machine', async () => {
    const pods = { ...guidePlan(), podCidr: guidePlan().serviceCidr };
    const res = await dispatch(handlers(pods), 'preflight.run', { matrix: true }, { face: 'cli' });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid_plan');
      expect(res.error.field).toMatch(/^(plan\.)?(podCidr|serviceCidr)$/);
    }
    expect(preflightRuns).toEqual([]);
  });
});
