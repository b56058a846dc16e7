import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import type { RunState } from '../../common/model/runEvent';
import { buildReport } from '../../common/report/build';
import {
  buildLastBackup,
  buildRemovedNodes,
  buildUpgradeHistory,
} from '../../common/report/buildDayTwo';
import { ReportSchema } from '../../common/report/model';
import { REDACTED, Redactor } from '../../common/report/redact';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { projectRunRecords } from '../store/runRecords';
import { collectReportInput } from './collect';
import { dayTwoReportSources } from './dayTwoSources';
import { renderText } from './write';

const snapshot = (time: string, revision: number): SnapshotEntry => ({
  file: `etcd-${time.replace(/[:.]/g, '-')}-rev${revision}.db`,
  time,
  revision,
  totalKeys: 900,
  size: 2_150_432,
  sha256: revision.toString(16).padStart(64, 'a'),
  etcdHash: 1234,
  kubernetesVersion: '1.29.4',
  etcdVersion: '3.5.12',
  node: 'master1',
});

const removal = (
  runId: string,
  finishedAt: string,
  params: unknown,
  outcome: RunState['outcome'] = 'succeeded',
): RunState => ({
  runId,
  startedAt: '2025-06-02T10:00:00.000Z',
  finishedAt,
  outcome,
  kind: 'remove-node',
  params,
  tasks: [],
});

const older = snapshot('2025-06-02T08:00:00.000Z', 4100);
const newest = snapshot('2025-06-03T08:00:00.000Z', 5233);
const runs: RunState[] = [
  removal('r-late', '2025-06-04T10:00:00.000Z', { nodeId: 'node3', unreachable: true }),
  removal('r-early', '2025-06-02T10:05:00.000Z', { nodeId: 'node2' }),
  removal('r-failed', '2025-06-02T11:00:00.000Z', { nodeId: 'node1' }, 'failed'),
  { ...removal('r-reset', '2025-06-02T12:00:00.000Z', { nodeId: 'node1' }), kind: 'reset-node' },
];

describe('the report’s day-two sections', () => {
  it('the last backup is the newest snapshot by time, whatever the index order', () => {
    expect(buildLastBackup([newest, older])?.revision).toBe(5233);
    expect(buildLastBackup([older, newest])?.sha256).toBe(newest.sha256);
    expect(buildLastBackup([])).toBeNull();
  });

  it('removed machines: succeeded remove-node runs only, oldest first, how they went', () => {
    expect(buildRemovedNodes(runs)).toEqual([
      { nodeId: 'node2', at: '2025-06-02T10:05:00.000Z', unreachable: false, runId: 'r-early' },
      { nodeId: 'node3', at: '2025-06-04T10:00:00.000Z', unreachable: true, runId: 'r-late' },
    ]);
  });

  it('HTML and Markdown show time, revision, exact size and SHA-256, and each removal', () => {
    const report = buildReport({ ...guideReportInput('en'), snapshots: [older, newest], runs });
    expect(ReportSchema.safeParse(report).success).toBe(true);
    for (const format of ['html', 'md'] as const) {
      const text = renderText(report, format);
      expect(text).toContain('Last etcd backup');
      expect(text).toContain('2025-06-03');
      expect(text).toContain('5233');
      expect(text).toContain('2,150,432 B');
      expect(text).toContain(newest.sha256);
      expect(text).toContain('Removed machines');
      expect(text).toMatch(/node3[\s\S]*unreachable: removed from the cluster only/);
      expect(text).not.toContain('r-failed');
    }
  });

  it('upgrades: every upgrade run oldest first, its target, outcome and where a failed one stopped', () => {
    const upgrade = (
      runId: string,
      startedAt: string,
      to: unknown,
      outcome?: RunState['outcome'],
    ): RunState => ({
      runId,
      startedAt,
      ...(outcome ? { outcome, finishedAt: startedAt.replace('T10', 'T11') } : {}),
      kind: 'upgrade',
      params: { to },
      tasks: [
        { stepId: 'upgrade-apply', nodeId: 'master1', status: 'done', attempts: 1 },
        {
          stepId: 'upgrade-drain',
          nodeId: 'node1',
          status: outcome === 'failed' ? 'failed' : 'pending',
          attempts: 1,
        },
      ],
    });
    const history = buildUpgradeHistory([
      upgrade('u-2', '2025-07-02T10:00:00.000Z', '1.20', 'succeeded'),
      upgrade('u-1', '2025-07-01T10:00:00.000Z', ' 1.19.16 ', 'failed'),
      upgrade('u-3', '2025-07-03T10:00:00.000Z', '1.21'),
      upgrade('u-bad', '2025-07-04T10:00:00.000Z', 'latest', 'succeeded'),
      { ...removal('r-x', '2025-07-05T10:00:00.000Z', { nodeId: 'node2' }) },
    ]);
    expect(history).toEqual([
      {
        runId: 'u-1',
        startedAt: '2025-07-01T10:00:00.000Z',
        finishedAt: '2025-07-01T11:00:00.000Z',
        to: '1.19.16',
        outcome: 'failed',
        stoppedAt: { nodeId: 'node1', stepId: 'upgrade-drain' },
      },
      {
        runId: 'u-2',
        startedAt: '2025-07-02T10:00:00.000Z',
        finishedAt: '2025-07-02T11:00:00.000Z',
        to: '1.20',
        outcome: 'succeeded',
      },
      { runId: 'u-3', startedAt: '2025-07-03T10:00:00.000Z', to: '1.21', outcome: 'interrupted' },
    ]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const report = buildReport({
        ...guideReportInput(lang),
        runs: [upgrade('u-1', '2025-07-01T10:00:00.000Z', '1.19.16', 'failed')],
      });
      expect(ReportSchema.safeParse(report).success).toBe(true);
      for (const format of ['html', 'md'] as const) {
        const text = renderText(report, format);
        expect(text).toContain(lang === 'en' ? 'Upgrades' : '升级记录');
        expect(text).toMatch(/1\.19\.16[\s\S]*(failed|失败)[\s\S]*node1 upgrade-drain/);
      }
    }
  });

  it('upgrades: the nodes a hop left on their version and why (unreachable, drain skipped)', () => {
    const hop = (
      runId: string,
      outcome: RunState['outcome'],
      tasks: RunState['tasks'],
    ): RunState => ({
      runId,
      startedAt: '2026-12-08T01:00:00.000Z',
      finishedAt: '2026-12-08T01:01:00.000Z',
      outcome,
      kind: 'upgrade',
      params: { to: '1.24.17' },
      tasks,
    });
    const done = (stepId: string, nodeId: string): RunState['tasks'][number] => ({
      stepId,
      nodeId,
      status: 'done',
      attempts: 1,
    });
    const unreachable = hop('u-link', 'failed', [
      done('upgrade-kubelet', 'master1'),
      {
        stepId: 'upgrade-node',
        nodeId: 'node1',
        status: 'failed',
        attempts: 2,
        error: {
          code: 'timeout',
          message: 'upgrade-node on node1: Timed out connecting to 172.31.205.12.',
        },
      },
      { stepId: 'upgrade-kubelet', nodeId: 'node1', status: 'skipped', attempts: 0 },
    ]);
    const skipped = hop('u-pdb', 'succeeded', [
      done('upgrade-kubelet', 'master1'),
      { ...done('upgrade-drain', 'node1'), outputs: { upgradeSkipped: '1.24.17@u-pdb' } },
      { ...done('upgrade-kubelet', 'node1'), status: 'already-done' },
      done('upgrade-drain', 'node2'),
      done('upgrade-kubelet', 'node2'),
    ]);
    const [link, pdb] = buildUpgradeHistory([unreachable, skipped]);
    expect(link?.leftBehind).toEqual([
      { nodeId: 'node1', reason: 'unreachable', stepId: 'upgrade-node' },
    ]);
    expect(pdb?.leftBehind).toEqual([
      { nodeId: 'node1', reason: 'drain-skipped', stepId: 'upgrade-drain' },
    ]);
    // A hop that reached every node leaves nobody behind (no column value, no key).
    const all = hop('u-all', 'succeeded', [done('upgrade-kubelet', 'master1')]);
    expect(buildUpgradeHistory([all])[0]).not.toHaveProperty('leftBehind');
    for (const lang of ['en', 'zh-CN'] as const) {
      const report = buildReport({ ...guideReportInput(lang), runs: [unreachable, skipped] });
      expect(ReportSchema.safeParse(report).success).toBe(true);
      for (const format of ['html', 'md'] as const) {
        const text = renderText(report, format);
        expect(text).toContain(lang === 'en' ? 'Nodes left on their version' : '保持原版本的节点');
        expect(text).toContain(
          lang === 'en' ? 'node1: unreachable (upgrade-node)' : 'node1: 无法连接 (upgrade-node)',
        );
        expect(text).toContain(
          lang === 'en'
            ? 'node1: drain skipped (PodDisruptionBudget) (upgrade-drain)'
            : 'node1: 跳过排空（PodDisruptionBudget） (upgrade-drain)',
        );
        expect(text).not.toContain('node2: ');
      }
    }
  });

  it('only the snapshot’s checksum is kept: any other 64-hex value is still redacted', () => {
    const key = 'f'.repeat(64);
    const input = guideReportInput('en');
    const report = buildReport({
      ...input,
      project: { ...input.project, name: `lab ${key}` },
      snapshots: [newest],
    });
    for (const format of ['html', 'md', 'json'] as const) {
      const text = renderText(report, format);
      expect(text).toContain(newest.sha256);
      expect(text).not.toContain(key);
    }
    expect(new Redactor().text(newest.sha256)).toBe(REDACTED);
  });

  it('in Chinese, and says so when there is no backup and no removal', () => {
    const report = buildReport(guideReportInput('zh-CN'));
    expect(report.lastBackup).toBeNull();
    expect(report.removedNodes).toEqual([]);
    const html = renderText(report, 'html');
    expect(html).toContain('最近一次 etcd 备份');
    expect(html).toContain('尚未将任何 etcd 快照下载到本机');
    expect(html).toContain('尚未从集群中移除任何机器');
    expect(report.upgrades).toEqual([]);
    expect(html).toContain('尚未通过 kubelab 升级过此集群');
  });
});

describe('dayTwoReportSources', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kl-report-day2-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the snapshots index and the run records beside the project file', async () => {
    const file = join(dir, 'lab.yaml');
    await mkdir(join(dir, 'lab.snapshots'));
    writeFileSync(
      join(dir, 'lab.snapshots', 'index.json'),
      JSON.stringify({ schemaVersion: 1, snapshots: [older, newest] }),
    );
    const records = projectRunRecords({ path: () => file } as Parameters<
      typeof projectRunRecords
    >[0]);
    for (const run of runs) await records.save(run);
    const input = await collectReportInput(
      guideReportInput('en').project,
      dayTwoReportSources(() => file),
      'en',
    );
    const report = buildReport(input);
    expect(report.lastBackup?.revision).toBe(5233);
    expect(report.removedNodes.map((n) => n.nodeId)).toEqual(['node2', 'node3']);
  });

  it('a replace-node run (the cluster’s record) lists the old machine with its spare, once', async () => {
    const replaced = (outcome: RunState['outcome'], kind: RunState['kind']): RunState => ({
      runId: 'r-replace',
      startedAt: '2025-06-05T10:00:00.000Z',
      finishedAt: '2025-06-05T10:20:00.000Z',
      outcome,
      kind,
      params: { oldNodeId: 'node1', newNodeId: 'node9' },
      tasks: [],
    });
    const sources = (cluster: RunState | undefined): ReturnType<typeof dayTwoReportSources> =>
      dayTwoReportSources(
        () => undefined,
        async () => runs,
        () => cluster,
      );
    const listed = await sources(replaced('succeeded', 'replace-node')).runs?.();
    // Seen twice (say a record of its own too): counted once.
    const removed = buildRemovedNodes([...(listed ?? []), replaced('succeeded', 'replace-node')]);
    expect(removed.map((n) => [n.nodeId, n.replacedBy])).toEqual([
      ['node2', undefined],
      ['node3', undefined],
      ['node1', 'node9'],
    ]);
    // Not yet replaced (failed), or the cluster's record is an install: nothing more.
    for (const cluster of [replaced('failed', 'replace-node'), replaced('succeeded', 'install')])
      expect(buildRemovedNodes(await sources(cluster).runs?.()).map((n) => n.nodeId)).toEqual([
        'node2',
        'node3',
      ]);
    for (const [lang, word] of [
      ['en', 'replaced by node9'],
      ['zh-CN', '由 node9 替换'],
    ] as const) {
      const report = buildReport({ ...guideReportInput(lang), runs: listed ?? [] });
      expect(ReportSchema.safeParse(report).success).toBe(true);
      for (const format of ['html', 'md'] as const)
        expect(renderText(report, format)).toMatch(new RegExp(`node1[\\s\\S]*${word}`));
    }
  });

  it('a damaged index or an unsaved project is no backup, not a failed report', async () => {
    const file = join(dir, 'broken.yaml');
    await mkdir(join(dir, 'broken.snapshots'));
    writeFileSync(join(dir, 'broken.snapshots', 'index.json'), '{not json');
    expect(await dayTwoReportSources(() => file).snapshots?.()).toEqual([]);
    expect(await dayTwoReportSources(() => undefined).snapshots?.()).toEqual([]);
    expect(await dayTwoReportSources(() => undefined).runs?.()).toEqual([]);
  });
});
