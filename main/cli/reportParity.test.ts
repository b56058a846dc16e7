// Issue 15: `kubelab report` gathers its inputs itself, from the same records the UI reads (the
// last preflight and verification kept beside the project), and writes the same report as the
// UI's export (report.export on a back end wired as `kubelab serve` wires it) for the same
// project, equal but for the time it was made. Before, the CLI left preflight out unless given a
// file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreflightRun } from '../../common/contracts/preflight';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { dispatch } from '../api/dispatch';
import { createBackend, type Backend } from '../backend';
import { rememberPreflight } from '../store/preflightRecord';
import { liveReportSources } from '../report/sources';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { serializeProject } from '../store/projectFile';
import { FileProjectStore } from '../store/projectStore';
import { MemorySecretStore } from '../store/secrets';
import { saveVerification } from '../store/verificationRecord';
import { runReport } from './reportCommand';

let dir = '';
let file = '';
const input = guideReportInput('en');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-report-parity-'));
  file = join(dir, 'kubelab.yaml');
  await writeFile(file, serializeProject(input.project));
  // The records `kubelab preflight` / the Checks screen and `kubelab verify` leave behind.
  const store = new FileProjectStore();
  await store.open(file);
  const run: PreflightRun = {
    checkedAt: '2024-05-01T10:00:00Z',
    durationMs: 1200,
    report: input.preflight ?? never(),
    matrices: (input.verification?.matrices ?? []).filter((m) => m.phase === 'before-install'),
    listeners: [],
    unreachable: [],
  };
  await rememberPreflight(store, run);
  await saveVerification(file, input.verification ?? never());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function never(): never {
  throw new Error('the guide fixture lost a part');
}

/** The UI's export: a back end wired as `kubelab serve` wires its report (serveCommand.ts). */
async function exportThroughContract(path: string): Promise<void> {
  const projectStore = new FileProjectStore();
  await projectStore.open(file);
  const secrets = new MemorySecretStore();
  const backend: Backend = createBackend({
    face: 'web',
    settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
    projectStore,
    nodes: { secrets },
    report: { secrets, ...liveReportSources(projectStore, () => backend.nodes) },
  });
  try {
    const answer = await dispatch(
      backend.handlers,
      'report.export',
      { format: 'json', path, lang: 'en' },
      { face: 'web' },
    );
    expect(answer.ok).toBe(true);
  } finally {
    backend.nodes.close();
  }
}

const withoutTime = (json: string): Record<string, unknown> => {
  const { generatedAt, ...rest } = JSON.parse(json) as Record<string, unknown>;
  expect(typeof generatedAt).toBe('string');
  return rest;
};

describe('kubelab report gathers its inputs from the project’s records', () => {
  it('equals the UI’s export of the same project, preflight and verification included', async () => {
    const viaContract = join(dir, 'ui.json');
    const viaCli = join(dir, 'cli.json');
    await exportThroughContract(viaContract);
    const quiet = { out: () => undefined, err: () => undefined };
    const cliOpts = { output: viaCli, file, lang: 'en' as const, paper: 'A4' as const };
    await runReport(cliOpts, { io: quiet, secrets: new MemorySecretStore() });
    const ui = withoutTime(await readFile(viaContract, 'utf8'));
    const cli = withoutTime(await readFile(viaCli, 'utf8'));
    expect(cli).toEqual(ui);
    // Gathered, not left out: the recorded preflight and verification are in it.
    expect(cli.preflight).not.toBeNull();
    expect(JSON.stringify(cli)).toContain('clock-skew');
    expect((cli.network as unknown[]).length).toBeGreaterThan(0);
  });
});
