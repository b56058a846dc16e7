// The project's preflight and verification records (issue 15 point 5: records in main/store):
// where they are kept, read back after a restart, what an untitled project keeps, that a damaged
// file reads as no record, and that preflight/ and verify/ write no file of their own.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreflightRun } from '../../common/contracts/preflight';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { lastPreflight, preflightPath, rememberPreflight } from './preflightRecord';
import { saveProject } from './projectFile';
import { FileProjectStore } from './projectStore';
import {
  currentVerification,
  loadVerification,
  saveVerification,
  verificationPath,
} from './verificationRecord';

const input = guideReportInput('en');
const run = (checkedAt: string): PreflightRun => ({
  checkedAt,
  durationMs: 900,
  report: { ok: true, counts: { block: 0, warn: 0, pass: 0, unknown: 0 }, results: [] },
  matrices: [],
  listeners: [],
  unreachable: [],
});

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A saved project in a fresh directory, opened by a project store. */
async function openedProject(): Promise<{ file: string; store: FileProjectStore }> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-records-'));
  dirs.push(dir);
  const file = join(dir, 'kubelab.yaml');
  await saveProject(file, input.project);
  const store = new FileProjectStore();
  await store.open(file);
  return { file, store };
}

describe('the preflight record', () => {
  it('is kept beside the project file and read back by another backend (a restart)', async () => {
    const { file, store } = await openedProject();
    await rememberPreflight(store, run('2026-12-07T10:00:00.000Z'));
    expect(preflightPath(file)).toBe(join(file, '..', 'kubelab-preflight.json'));
    const kept = JSON.parse(await readFile(preflightPath(file), 'utf8')) as PreflightRun;
    expect(kept.checkedAt).toBe('2026-12-07T10:00:00.000Z');
    const restarted = new FileProjectStore();
    await restarted.open(file);
    expect((await lastPreflight(restarted))?.checkedAt).toBe('2026-12-07T10:00:00.000Z');
  });

  it('of an untitled project lives in memory for that project store only', async () => {
    const untitled = new FileProjectStore();
    await rememberPreflight(untitled, run('2026-12-07T11:00:00.000Z'));
    expect((await lastPreflight(untitled))?.checkedAt).toBe('2026-12-07T11:00:00.000Z');
    expect(await lastPreflight(new FileProjectStore())).toBeUndefined();
  });

  it('reads a damaged file as no record', async () => {
    const { file } = await openedProject();
    await writeFile(preflightPath(file), '{"checkedAt": 3');
    const store = new FileProjectStore();
    await store.open(file);
    expect(await lastPreflight(store)).toBeUndefined();
  });
});

describe('the verification record', () => {
  const verification = input.verification;
  if (!verification) throw new Error('the guide fixture has a verification');

  it('is kept beside the project file and read back', async () => {
    const { file } = await openedProject();
    expect(await loadVerification(file)).toBeUndefined();
    const path = await saveVerification(file, verification);
    expect(path).toBe(verificationPath(file));
    expect(path).toBe(join(file, '..', 'kubelab-verification.json'));
    expect((await loadVerification(file))?.checkedAt).toBe(verification.checkedAt);
  });

  it('reads a damaged file as no record', async () => {
    const { file } = await openedProject();
    await writeFile(verificationPath(file), 'not json');
    expect(await loadVerification(file)).toBeUndefined();
  });

  it('is shown unless a run started after it was taken', () => {
    const taken = { ...verification, checkedAt: '2026-12-07T10:00:00.000Z' };
    expect(currentVerification(taken, undefined)).toBe(taken);
    expect(currentVerification(taken, { startedAt: '2026-12-07T09:00:00.000Z' })).toBe(taken);
    expect(currentVerification(taken, { startedAt: '2026-12-07T11:00:00.000Z' })).toBeUndefined();
  });
});

describe('who writes the records', () => {
  /** Source files of a main/ folder that write files (atomicWrite, fs writes). */
  function writers(folder: string): string[] {
    const dir = join(__dirname, '..', folder);
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) =>
        /\batomicWrite\b|\bwriteFile(Sync)?\b|\bappendFile(Sync)?\b|createWriteStream/.test(
          readFileSync(join(dir, f), 'utf8'),
        ),
      );
  }

  it('preflight/ and verify/ write no file: their records are main/store’s', () => {
    expect(writers('preflight')).toEqual([]);
    expect(writers('verify')).toEqual([]);
  });
});
