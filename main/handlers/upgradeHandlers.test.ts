import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { FileProjectStore } from '../store/projectStore';

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
