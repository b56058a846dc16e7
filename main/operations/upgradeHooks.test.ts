// The upgrade operation's own work around its steps, whatever face starts it: the user's target
// resolved into this run's hop, the etcd snapshot before a new hop, the hop's version recorded
// after a success. What `kubelab upgrade --to V --yes` did alone before, `run.start` now does.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterPlan } from '../../common/model/plan';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import type { RunHost } from '../engine/runnable';
import type { Remote } from '../engine/remote';
import { upgradeOperation } from './upgrade';
import { noTransfers } from '../../tests/fakes/noTransfers';

const nodes = guideNodes();
const target = { nodes, plan: guidePlan() };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function host(
  over: Partial<RunHost> = {},
): RunHost & { plans: ClusterPlan[]; connected: string[] } {
  const plans: ClusterPlan[] = [];
  const connected: string[] = [];
  return {
    plans,
    connected,
    projectFile: undefined,
    remoteFor: (node) => {
      connected.push(node.id);
      throw new Error('no machine in this test');
    },
    updatePlan: async (change) => {
      plans.push(change(guidePlan()) as ClusterPlan);
    },
    ...over,
  };
}

const resolve = (params: Record<string, unknown>, t = target) => {
  const r = upgradeOperation.resolve;
  if (!r) throw new Error('the upgrade resolves its target');
  return r(upgradeOperation.params.parse(params), t, host());
};

describe('the upgrade’s target resolved into this run’s hop', () => {
  it('makes one hop toward a far target; the run records the hop, not the target', () => {
    expect(resolve({ to: '1.21', batch: 2, snapshot: true })).toEqual({ to: '1.19.16', batch: 2 });
    expect(resolve({ to: '1.21.14', snapshot: false, acceptUnhealthy: true })).toEqual({
      to: '1.19.16',
      snapshot: false,
      acceptUnhealthy: true,
    });
    // The drain's choice for a blocking PodDisruptionBudget reaches the steps; the default is not
    // written, so a run started with or without `wait` resumes the same record.
    expect(resolve({ to: '1.19', drainBlocked: 'force' })).toEqual({
      to: '1.19.16',
      drainBlocked: 'force',
    });
    expect(resolve({ to: '1.19', drainBlocked: 'wait' })).toEqual({ to: '1.19.16' });
    // A drain's own timeout is kept for the steps; out of range it is refused before anything runs.
    expect(resolve({ to: '1.19', drainTimeout: 10 })).toEqual({ to: '1.19.16', drainTimeout: 10 });
    expect(upgradeOperation.params.safeParse({ to: '1.19', drainTimeout: 4 }).success).toBe(false);
    expect(resolve({ to: '1.19', drainBlocked: 'skip' })).toEqual({
      to: '1.19.16',
      drainBlocked: 'skip',
    });
    expect(upgradeOperation.params.safeParse({ to: '1.19', drainBlocked: 'delete' }).success).toBe(
      false,
    );
  });

  it('keeps the project’s version for a target it is already on (the run re-verifies)', () => {
    const on119 = { nodes, plan: { ...guidePlan(), kubernetesVersion: '1.19.16' } };
    expect(resolve({ to: '1.19' }, on119)).toEqual({ to: '1.19.16' });
  });

  it('refuses a lower, unknown or malformed target naming params.to', () => {
    const on119 = { nodes, plan: { ...guidePlan(), kubernetesVersion: '1.19.16' } };
    expect(() => resolve({ to: '1.18' }, on119)).toThrow(
      expect.objectContaining({
        field: 'params.to',
        message: expect.stringContaining('lower than'),
      }),
    );
    expect(() => resolve({ to: '1.20.99' })).toThrow(
      expect.objectContaining({
        field: 'params.to',
        message: expect.stringContaining('nearest known'),
      }),
    );
    expect(upgradeOperation.params.safeParse({ to: '1.x' }).success).toBe(false);
  });
});

describe('the work around the hop', () => {
  it('records the hop’s version in the project after a success, and nothing for a re-verify', async () => {
    const h = host();
    await upgradeOperation.afterSuccess?.({ to: '1.19.16' }, target, h);
    expect(h.plans.map((p) => p.kubernetesVersion)).toEqual(['1.19.16']);
    const on119 = { nodes, plan: { ...guidePlan(), kubernetesVersion: '1.19.16' } };
    await upgradeOperation.afterSuccess?.({ to: '1.19.16' }, on119, h);
    expect(h.plans).toHaveLength(1);
  });

  it('records containerd, not a version, after the Docker → containerd migration run', async () => {
    const h = host();
    const on123 = { nodes, plan: { ...guidePlan(), kubernetesVersion: '1.23.17' } };
    await upgradeOperation.afterSuccess?.(
      { to: '1.23.17', migrateRuntime: 'containerd' },
      on123,
      h,
    );
    expect(h.plans.map((p) => [p.runtime, p.kubernetesVersion])).toEqual([
      ['containerd', guidePlan().kubernetesVersion],
    ]);
  });

  it('takes no snapshot when told not to or when the run only re-verifies', async () => {
    const h = host();
    expect(await upgradeOperation.beforeRun?.({ to: '1.19.16', snapshot: false }, target, h)).toBe(
      undefined,
    );
    const on119 = { nodes, plan: { ...guidePlan(), kubernetesVersion: '1.19.16' } };
    expect(await upgradeOperation.beforeRun?.({ to: '1.19.16' }, on119, h)).toBe(undefined);
    expect(h.connected).toEqual([]);
  });

  it('saves the snapshot beside the project before a new hop, as `kubelab etcd backup` does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-upgrade-snap-'));
    dirs.push(dir);
    const db = Buffer.from('etcd snapshot bytes');
    const sha = (await import('node:crypto')).createHash('sha256').update(db).digest('hex');
    const ran: string[] = [];
    const remote: Remote = {
      nodeId: 'master1',
      exec: async (command, opts) => {
        ran.push(
          command.includes('snapshot save')
            ? 'save'
            : command.includes('snapshot status')
              ? 'status'
              : 'cleanup',
        );
        if (command.includes('snapshot save'))
          return {
            code: 0,
            stdout:
              'KL_DIR /var/tmp/kubelab-etcd.abc\nKL_ETCDUTL no\nKL_ENDPOINT [{"Endpoint":"https://127.0.0.1:2379","Status":{"version":"3.4.3"}}]\n',
            stderr: '',
          };
        if (command.includes('snapshot status')) {
          expect(opts?.env?.KL_DIR).toBe('/var/tmp/kubelab-etcd.abc');
          return {
            code: 0,
            stdout: `{"hash":1234,"revision":42,"totalKey":7,"totalSize":20}\nKL_SIZE ${db.length}\nKL_SHA256 ${sha}\n`,
            stderr: '',
          };
        }
        return { code: 0, stdout: '', stderr: '' };
      },
      startDetached: async () => undefined,
      followDetached: async () => ({ offset: 0, exitCode: 0 }),
      upload: async () => undefined,
      download: () => Promise.reject(new Error('the snapshot is streamed, not read whole')),
      uploadFile: noTransfers.uploadFile,
      downloadFile: async (path, local, options) => {
        expect(path).toBe('/var/tmp/kubelab-etcd.abc/snapshot.db');
        writeFileSync(local, db, { mode: 0o600 });
        options?.onProgress?.({ transferred: db.length, total: db.length });
        return {
          bytes: db.length,
          sha256: createHash('sha256').update(db).digest('hex'),
          resumedFrom: 0,
        };
      },
    };
    const h = host({ projectFile: join(dir, 'kubelab.yaml'), remoteFor: () => remote });
    const report = await upgradeOperation.beforeRun?.({ to: '1.19.16' }, target, h);
    expect(ran).toEqual(['save', 'status', 'cleanup']);
    const saved = readdirSync(join(dir, 'kubelab.snapshots'));
    expect(saved.filter((f) => f.endsWith('.db'))).toHaveLength(1);
    expect(saved).toContain('index.json');
    expect(report?.text).toContain('etcd snapshot before the hop to 1.19.16 saved as');
    expect(report?.nodeId).toBe('master1');
  });

  it('refuses the hop when the snapshot cannot be kept (an unsaved project)', async () => {
    await expect(upgradeOperation.beforeRun?.({ to: '1.19.16' }, target, host())).rejects.toThrow(
      expect.objectContaining({ code: 'project_not_saved' }),
    );
  });
});
