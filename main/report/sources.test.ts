// The report's live sources for the desktop and `kubelab serve`: facts from the nodes service
// (last gathered, else on demand with a short wait), preflight from the last run (kept beside the
// project file, or in memory for an untitled project), wired through the report handlers.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreflightRun } from '../../common/contracts/preflight';
import type { HostFacts } from '../../common/model/facts';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { EventBus } from '../api/eventBus';
import { createNodesContext } from '../nodes/nodesContext';
import { createReportHandlers } from '../handlers/reportHandlers';
import { lastPreflight, preflightPath, rememberPreflight } from '../store/preflightRecord';
import { FileProjectStore } from '../store/projectStore';
import { liveReportSources } from './sources';

const input = guideReportInput('en');
const facts = (input.facts ?? []) as HostFacts[];
const run = (checkedAt: string): PreflightRun => ({
  checkedAt,
  durationMs: 1200,
  report: input.preflight ?? {
    ok: true,
    counts: { block: 0, warn: 0, pass: 0, unknown: 0 },
    results: [],
  },
  matrices: [...(input.preflightMatrices ?? [])],
  listeners: [],
  unreachable: [],
});

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function setup() {
  const store = new FileProjectStore(structuredClone(input.project));
  const ctx = createNodesContext({ projectStore: store }, new EventBus());
  return { store, ctx };
}

describe('facts for the report', () => {
  it('the nodes service’s last facts, without gathering again', async () => {
    const { store, ctx } = setup();
    for (const f of facts) ctx.lastFacts.set(f.nodeId, f);
    let gathered = 0;
    const src = liveReportSources(store, () => ctx, {
      gather: async () => {
        gathered++;
        return [];
      },
    });
    expect((await src.facts?.())?.map((f) => f.nodeId)).toEqual(facts.map((f) => f.nodeId));
    expect(gathered).toBe(0);
  });

  it('nodes never gathered are gathered on demand, and kept', async () => {
    const { store, ctx } = setup();
    const [first, ...rest] = facts;
    if (first) ctx.lastFacts.set(first.nodeId, first);
    const asked: string[][] = [];
    const src = liveReportSources(store, () => ctx, {
      gather: async (_c, ids) => {
        asked.push(ids);
        return rest
          .filter((f) => ids.includes(f.nodeId))
          .map((f) => ({ nodeId: f.nodeId, facts: f }));
      },
    });
    expect(await src.facts?.()).toHaveLength(facts.length);
    expect(asked).toEqual([rest.map((f) => f.nodeId)]);
    expect(ctx.lastFacts.size).toBe(facts.length);
  });

  it('a node that does not answer in time, or a failing gather, never fails the report', async () => {
    const { store, ctx } = setup();
    const slow = liveReportSources(store, () => ctx, {
      factsTimeoutMs: 20,
      gather: () => new Promise(() => undefined),
    });
    const t0 = Date.now();
    expect(await slow.facts?.()).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(2000);
    const broken = liveReportSources(store, () => ctx, {
      gather: () => Promise.reject(new Error('ssh: connect refused')),
    });
    expect(await broken.facts?.()).toEqual([]);
    // No nodes context (a face without machines): no facts.
    expect(await liveReportSources(store, () => undefined).facts?.()).toEqual([]);
  });
});

describe('the last preflight run', () => {
  it('is saved beside the project file and read back after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-pf-'));
    dirs.push(dir);
    const store = new FileProjectStore(structuredClone(input.project));
    await store.save(join(dir, 'kubelab.yaml'));
    await rememberPreflight(store, run('2025-01-01T00:00:00.000Z'));
    expect(
      JSON.parse(await readFile(preflightPath(join(dir, 'kubelab.yaml')), 'utf8')),
    ).toMatchObject({
      checkedAt: '2025-01-01T00:00:00.000Z',
    });
    const reopened = new FileProjectStore();
    await reopened.open(join(dir, 'kubelab.yaml'));
    const src = liveReportSources(reopened, () => undefined);
    expect(await src.preflight?.()).toEqual(run('x').report);
    expect(await src.preflightMatrices?.()).toEqual(run('x').matrices);
  });

  it('an untitled project keeps it in memory, for that project only', async () => {
    const store = new FileProjectStore(structuredClone(input.project));
    expect(await lastPreflight(store)).toBeUndefined();
    await rememberPreflight(store, run('2025-01-02T00:00:00.000Z'));
    expect((await lastPreflight(store))?.checkedAt).toBe('2025-01-02T00:00:00.000Z');
    expect(await lastPreflight(new FileProjectStore())).toBeUndefined();
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-pf-'));
    dirs.push(dir);
    await store.save(join(dir, 'kubelab.yaml')); // now a file project with no saved run
    expect(await lastPreflight(store)).toBeUndefined();
  });
});

describe('report handlers with the live sources', () => {
  it('the preview shows the gathered facts and the last preflight', async () => {
    const { store, ctx } = setup();
    const bare = createReportHandlers(store);
    const before = await bare['report.preview']({ lang: 'en' }, { face: 'web' });
    for (const f of facts) ctx.lastFacts.set(f.nodeId, f);
    await rememberPreflight(store, run('2025-01-03T00:00:00.000Z'));
    const h = createReportHandlers(
      store,
      liveReportSources(store, () => ctx),
    );
    const { report } = await h['report.preview']({ lang: 'en' }, { face: 'web' });
    expect(JSON.stringify(report)).not.toEqual(JSON.stringify(before.report));
    expect(JSON.stringify(report.nodes)).toContain(facts[0]?.os?.prettyName ?? '');
    expect(before.report.preflight).toBeNull();
    expect(report.preflight).not.toBeNull();
  });
});
