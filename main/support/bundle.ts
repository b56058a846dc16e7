import { stringify } from 'yaml';
import { buildReport } from '../../common/report/build';
import type { RunState } from '../../common/model/runEvent';
import type { LogSink } from '../engine/logSink';
import { lastPreflight } from '../store/preflightRecord';
import { collectReportInput, knownSecrets, type ReportDeps } from '../report/collect';
import { renderText } from '../report/write';
import { projectRunStateStore, type ProjectStore } from '../store/projectStore';
import { projectRunRecords } from '../store/runRecords';
import { currentVerification, loadVerification } from '../store/verificationRecord';
import { KUBELAB_VERSION } from '../version';
import { environmentSecrets, secretScrubber } from './scrub';
import { tarGz, type TarEntry } from './tarball';

/** Where the bundle's parts come from: the open project and what the face plugged in. */
export interface SupportSources {
  project: ProjectStore;
  logSink?: LogSink;
  /** Facts, preflight, verification and the secret store, as the report reads them. */
  report?: ReportDeps;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** One file of the bundle as its manifest lists it. */
export interface ManifestFile {
  path: string;
  bytes: number;
  what: string;
}

export interface SupportBundle {
  filename: string;
  bytes: Buffer;
  files: ManifestFile[];
  /** The parts there was nothing for (no preflight run yet, no log kept for a cell). */
  missing: string[];
}

/** A step log larger than this is cut to its end (the manifest says so). */
const MAX_LOG_BYTES = 8 * 1024 * 1024;

/** `<cluster>-support-<yyyymmdd-hhmmss>.tar.gz`, safe as a file name anywhere. */
export function bundleName(clusterName: string, now: Date): string {
  const base = clusterName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'cluster';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${base.slice(0, 100)}-support-${stamp}.tar.gz`;
}

async function allRuns(project: ProjectStore): Promise<RunState[]> {
  const own = await projectRunStateStore(project).load();
  const records = await projectRunRecords(project).list();
  const runs = own ? [own, ...records.filter((r) => r.runId !== own.runId)] : records;
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/**
 * The support bundle (issue 18): one .tar.gz with the project, every run record and every kept
 * step log of those runs, the nodes' facts, the last preflight and verification, the report (Markdown
 * and JSON) and a manifest of all of it. Every file passes the same scrubber before it is packed,
 * so no bootstrap token, certificate key or stored password is in the archive's bytes.
 */
export async function buildSupportBundle(src: SupportSources): Promise<SupportBundle> {
  const now = src.now?.() ?? new Date();
  const report = src.report ?? {};
  const project = src.project.get();
  const scrub = secretScrubber([
    ...(await knownSecrets(project, report.secrets)),
    ...environmentSecrets(src.env ?? process.env),
  ]);
  const entries: TarEntry[] = [];
  const files: ManifestFile[] = [];
  const missing: string[] = [];
  const add = (path: string, text: string, what: string): void => {
    const data = Buffer.from(scrub(text), 'utf8');
    entries.push({ name: path, data });
    files.push({ path, bytes: data.length, what });
  };
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

  add('project/kubelab.yaml', stringify(project), 'the project: nodes (no secrets) and plan');

  const runs = await allRuns(src.project);
  for (const run of runs) {
    add(`runs/${run.runId}.json`, json(run), `run record: ${run.kind ?? 'install'}`);
    for (const t of run.tasks) {
      const tail = await src.logSink?.tail?.(run.runId, t.nodeId, t.stepId, MAX_LOG_BYTES);
      if (!tail) {
        if (t.status !== 'pending' && t.status !== 'skipped')
          missing.push(`log of ${t.stepId} on ${t.nodeId} in ${run.runId}`);
        continue;
      }
      const cut = tail.truncated ? ` (the last ${MAX_LOG_BYTES} bytes of ${tail.totalBytes})` : '';
      add(`logs/${run.runId}/${t.nodeId}/${t.stepId}.log`, tail.text, `step log${cut}`);
    }
  }

  const facts = (await report.facts?.()) ?? [];
  if (facts.length > 0) add('facts.json', json(facts), 'facts gathered from the nodes');
  else missing.push('facts (no node was reached)');

  const preflight = (await report.preflight?.()) ?? (await lastPreflight(src.project));
  if (preflight) add('preflight.json', json(preflight), 'the last preflight run');
  else missing.push('preflight (not run yet)');

  const file = src.project.path();
  const verification =
    (await report.verification?.()) ??
    (file ? currentVerification(await loadVerification(file), project.runState) : undefined);
  if (verification) add('verification.json', json(verification), 'the last verification');
  else missing.push('verification (not run since the last install)');

  const model = buildReport(await collectReportInput(project, { ...report, now: () => now }, 'en'));
  add('report.md', renderText(model, 'md'), 'the cluster report (Markdown)');
  add('report.json', renderText(model, 'json'), 'the cluster report (JSON)');

  const manifest = {
    generator: `kubelab ${KUBELAB_VERSION}`,
    generatedAt: now.toISOString(),
    cluster: project.plan.clusterName,
    redaction:
      'bootstrap tokens, certificate keys and every password or passphrase kubelab holds ' +
      'for these nodes are replaced by <redacted> in every file',
    files,
    missing,
  };
  add('manifest.json', json(manifest), 'this list');
  // The manifest first, so `tar -tzf | head` and a reader of the stream see it before the rest.
  const ordered = [entries[entries.length - 1], ...entries.slice(0, -1)].filter(
    (e): e is TarEntry => e !== undefined,
  );
  return {
    filename: bundleName(project.plan.clusterName, now),
    bytes: tarGz(ordered, now),
    files,
    missing,
  };
}
