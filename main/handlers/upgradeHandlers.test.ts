import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { FileProjectStore } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';
import type { UnfinishedHop } from '../../common/upgrade/hopProgress';

async function call(payload: unknown): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-upgrade-h-'));
  const { handlers } = createBackend({
    face: 'web',
    settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
    projectStore: new FileProjectStore({
      schemaVersion: 1,
      nodes: guideNodes(),
      plan: guidePlan(),
    }),
  });
  return dispatch(handlers, 'upgrade.plan', payload, { face: 'web' });
}

describe('upgrade.plan contract entry', () => {
  it("plans from the open project's version and nodes", async () => {
    const answer = (await call({ to: '1.21' })) as {
      ok: true;
      value: { plan: { hops: { to: string; nodes: unknown[] }[] }; errors: unknown[] };
    };
    expect(answer.ok).toBe(true);
    expect(answer.value.errors).toEqual([]);
    expect(answer.value.plan.hops.map((h) => h.to)).toEqual(['1.19.16', '1.20.15', '1.21.14']);
    expect(answer.value.plan.hops[0]?.nodes).toHaveLength(3);
  });

  it('answers field errors for a bad target, with no plan', async () => {
    expect(await call({ to: '1.17' })).toEqual({
      ok: true,
      value: {
        plan: null,
        errors: [expect.objectContaining({ field: 'to' })],
        disagreements: [],
      },
    });
  });

  it('refuses a worker batch of 0 at the gate, naming the field', async () => {
    const answer = (await call({ to: '1.21', workerBatchSize: 0 })) as {
      ok: false;
      error: { message: string };
    };
    expect(answer.ok).toBe(false);
    expect(answer.error.message).toContain('workerBatchSize');
  });
});

describe('upgrade.plan: the last hop run, when it did not finish', () => {
  it('says which node is on which version and where the run stopped (from its record)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-upgrade-h-'));
    const projectStore = new FileProjectStore({
      schemaVersion: 1,
      nodes: guideNodes(),
      plan: guidePlan(),
    });
    const [master, worker] = guideNodes();
    if (!master || !worker) throw new Error('the guide has nodes');
    // The record as the run service keeps it beside the project: node1 unreachable at its turn.
    await projectRunRecords(projectStore).save({
      runId: 'r20261208-005958-47b0ac',
      startedAt: '2026-12-08T00:59:58.000Z',
      finishedAt: '2026-12-08T01:00:38.000Z',
      outcome: 'failed',
      kind: 'upgrade',
      params: { to: '1.19.16', snapshot: false },
      tasks: [
        { stepId: 'upgrade-kubelet', nodeId: master.id, status: 'done', attempts: 1 },
        {
          stepId: 'upgrade-node',
          nodeId: worker.id,
          status: 'failed',
          attempts: 2,
          error: { code: 'timeout', message: `upgrade-node on ${worker.name}: Timed out` },
        },
      ],
    });
    const { handlers } = createBackend({
      face: 'web',
      settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
      projectStore,
    });
    const answer = await dispatch(handlers, 'upgrade.plan', { to: '1.19' }, { face: 'web' });
    if (!answer.ok) throw new Error(answer.error.message);
    const { unfinished } = answer.value as { unfinished?: UnfinishedHop };
    expect(unfinished).toMatchObject({ from: '1.18.2', hop: '1.19.16', outcome: 'failed' });
    expect(unfinished?.nodes.map((n) => [n.nodeId, n.version, n.status])).toEqual(
      guideNodes().map((n) => [
        n.id,
        n.id === master.id ? '1.19.16' : '1.18.2',
        n.id === master.id ? 'upgraded' : n.id === worker.id ? 'unreachable' : 'pending',
      ]),
    );
  });
});
