// preflight.fix judges the check in the context the user ran preflight in (`install` or
// `existing`), before and after the fix, as preflight.run does: the runtime's cgroup driver on
// cgroupfs only warns before a kubelab install (its container-runtime step sets systemd) but
// blocks on a node no install will touch. The SSH side is faked; the checks are the real ones.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { preflightRequests } from '../../common/contracts/preflight';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { PreflightContext } from '../../common/model/preflight';
import { evaluatePreflight } from '../../common/preflight';
import { healthy } from '../../common/preflight/testing/healthyNode';
import type { ExecOptions, Remote } from '../engine/remote';
import { applyFix } from './fixRunner';
import type { PreflightDeps, PreflightOptions } from './preflightService';

/** The node's containerd driver: cgroupfs until the fix's commands have run on it. */
const state = { driver: 'cgroupfs' as 'cgroupfs' | 'systemd', contexts: [] as string[] };

// runPreflight without SSH: the real checks over a node whose only fault is the cgroup driver.
vi.mock('./preflightService', () => ({
  runPreflight: (
    _nodes: unknown,
    _plan: unknown,
    _deps: unknown,
    opts: PreflightOptions = {},
  ): unknown => {
    const context: PreflightContext = opts.context ?? 'install';
    state.contexts.push(context);
    const node = healthy('master1', 'control-plane');
    node.probes = { ...node.probes, runtimeCgroupDriver: state.driver };
    const report = evaluatePreflight({
      plan: { kubernetesVersion: '1.34.0', runtime: 'containerd', context },
      nodes: [node],
    });
    return {
      checkedAt: new Date(0).toISOString(),
      durationMs: 0,
      report,
      matrices: [],
      listeners: [],
      unreachable: [],
    };
  },
}));

const NODES = [
  { id: 'master1', name: 'master1', address: '10.0.0.1', port: 22, user: 'root' },
] as NodeSpec[];
const PLAN = {} as ClusterPlan;

/** runfix.sh as a node answers it; the containerd fix turns the driver to systemd. */
const deps: PreflightDeps = {
  facts: () => Promise.reject(new Error('unused')),
  remote: (id: string): Remote =>
    ({
      nodeId: id,
      exec: async (_script: string, o?: ExecOptions) => {
        const commands = (o?.env?.KL_COMMANDS ?? '').split('\n');
        if (commands.some((c) => c.includes('SystemdCgroup = true'))) state.driver = 'systemd';
        const out = commands.map((_, i) => `\n@@KL:cmd${i + 1}\n\n@@KL:exit${i + 1}\n0`).join('');
        return { code: 0, stdout: `${out}\n@@KL:end\n`, stderr: '' };
      },
    }) as unknown as Remote,
};

const request = { checkId: 'cgroup-driver', nodeId: 'master1', confirm: true } as const;

beforeEach(() => {
  state.driver = 'cgroupfs';
  state.contexts = [];
});

describe('preflight.fix context', () => {
  it('is part of the contract: install by default, existing when asked, nothing else', () => {
    const schema = preflightRequests['preflight.fix'].payload;
    expect(schema.parse(request).context).toBe('install');
    expect(schema.parse({ ...request, context: 'existing' }).context).toBe('existing');
    expect(schema.safeParse({ ...request, context: 'cluster' }).success).toBe(false);
  });

  it('judges before and after the fix in `existing`: blocking, then fixed', async () => {
    const out = await applyFix({ ...request, context: 'existing' }, NODES, PLAN, deps);
    expect(state.contexts).toEqual(['existing', 'existing']);
    expect(out.fixId).toBe('containerd-systemd-cgroup');
    expect(out.run.report.ok).toBe(true);
    expect(out.recheck.map((r) => `${r.status} ${r.severity}`)).toEqual(['pass block']);
    expect(out.fixed).toBe(true);
  });

  it('judges in `install` by default, where the same driver is left to the install (a warning)', async () => {
    const out = await applyFix(request, NODES, PLAN, deps);
    expect(state.contexts).toEqual(['install', 'install']);
    expect(out.fixed).toBe(true);
  });

  it('keeps a run the caller already made and re-checks in the request’s context', async () => {
    state.contexts = [];
    const { runPreflight } = await import('./preflightService');
    const before = await runPreflight(NODES, PLAN, deps, { context: 'existing' });
    const blocking = before.report.results.find((r) => r.checkId === 'cgroup-driver');
    expect(`${blocking?.status} ${blocking?.severity} ${blocking?.fixedBy ?? '-'}`).toBe(
      'fail block -',
    );
    const installRun = await runPreflight(NODES, PLAN, deps, { context: 'install' });
    const warning = installRun.report.results.find((r) => r.checkId === 'cgroup-driver');
    expect(`${warning?.status} ${warning?.severity} ${warning?.fixedBy ?? '-'}`).toBe(
      'fail warn container-runtime',
    );
    await applyFix({ ...request, context: 'existing' }, NODES, PLAN, deps, { before });
    expect(state.contexts).toEqual(['existing', 'install', 'existing']);
  });
});
