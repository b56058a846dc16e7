import { join } from 'node:path';
import type { Command } from 'commander';
import type { Payload, RequestName, Result } from '../../common/contract';
import type { RunSummary } from '../../common/contracts/runs';
import { AppError } from '../../common/model/appError';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { FileLogSink } from '../engine/fileLogSink';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { configDir } from '../store/paths';
import { MemorySecretStore } from '../store/secrets';
import { openCliProject, reportCliError } from './cliContext';
import { processIo, type CliIo } from './ioAndExitStatus';

export interface RunsOptions {
  file: string;
  json: boolean;
}

/**
 * A contract request on the project file that reads only the disk (history, logs, the support
 * bundle): no secret is opened and no machine is reached, so nothing is prompted for.
 */
export async function readOnlyCall<K extends RequestName>(
  file: string,
  name: K,
  payload: Payload<K>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Result<K>> {
  const { handlers } = createBackend({
    face: 'cli',
    settingsStore: new JsonSettingsStore(join(configDir(env), 'settings.json')),
    projectStore: await openCliProject(file),
    nodes: { secrets: new MemorySecretStore() },
    install: { logSink: new FileLogSink(configDir(env)) },
  });
  const answer = await dispatch(handlers, name, payload, { face: 'cli' });
  if (!answer.ok) throw new AppError(answer.error);
  return answer.value as Result<K>;
}

/** "12 done, 1 failed, 3 skipped": a run's cells by status, in the order they first appear. */
function cellCounts(run: RunSummary): string {
  const counts = new Map<string, number>();
  for (const c of run.cells) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ') || 'no steps';
}

/** One line per run, newest first (the same list as the UI's History). */
export function formatRunList(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return 'no runs recorded for this project\n';
  const rows = runs.map((r) => [
    r.runId,
    r.operation,
    r.origin,
    r.startedAt,
    r.outcome,
    cellCounts(r),
  ]);
  const head = ['RUN', 'OPERATION', 'FROM', 'STARTED', 'OUTCOME', 'STEPS'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return `${[head, ...rows].map(line).join('\n')}\n`;
}

/** A run's every cell: node, step, status, attempts, and a failed cell's error and cause. */
export function formatRunDetail(run: RunSummary): string {
  const lines = [
    `run ${run.runId}: ${run.operation}, started from ${run.origin} at ${run.startedAt}` +
      `${run.finishedAt ? `, finished ${run.finishedAt}` : ''}: ${run.outcome}`,
  ];
  for (const c of run.cells) {
    lines.push(
      `  ${c.nodeId.padEnd(12)} ${c.stepId.padEnd(24)} ${c.status} (${c.attempts} attempts)`,
    );
    if (c.cause) lines.push(`    cause: ${c.cause.en}`);
    if (c.error) lines.push(`    error: ${c.error}`);
  }
  lines.push(`a step's log: kubelab runs log ${run.runId} <node> <step>`);
  return `${lines.join('\n')}\n`;
}

async function findRun(file: string, runId: string): Promise<RunSummary> {
  const { runs } = await readOnlyCall(file, 'runs.list', {});
  const run = runs.find((r) => r.runId === runId);
  if (!run) {
    throw new AppError({ code: 'not_found', message: `this project has no run ${runId}` });
  }
  return run;
}

export async function runRunsList(opts: RunsOptions, io: CliIo = processIo()): Promise<number> {
  try {
    const { runs } = await readOnlyCall(opts.file, 'runs.list', {});
    io.out(opts.json ? `${JSON.stringify(runs, null, 2)}\n` : formatRunList(runs));
    return 0;
  } catch (err) {
    return reportCliError(err, 'runs', io);
  }
}

export async function runRunsShow(
  runId: string,
  opts: RunsOptions,
  io: CliIo = processIo(),
): Promise<number> {
  try {
    const run = await findRun(opts.file, runId);
    io.out(opts.json ? `${JSON.stringify(run, null, 2)}\n` : formatRunDetail(run));
    return 0;
  } catch (err) {
    return reportCliError(err, 'runs show', io);
  }
}

export async function runRunsLog(
  runId: string,
  nodeId: string,
  stepId: string,
  opts: Pick<RunsOptions, 'file'>,
  io: CliIo = processIo(),
): Promise<number> {
  try {
    const log = await readOnlyCall(opts.file, 'runs.log', {
      runId,
      nodeId,
      stepId,
      maxBytes: 1024 * 1024,
    });
    if (log.truncated)
      io.err(`kubelab: the log's last ${log.text.length} characters of ${log.totalBytes} bytes\n`);
    if (log.runId === null)
      io.err(`kubelab: no log was kept for ${stepId} on ${nodeId} in ${runId}\n`);
    io.out(log.text);
    return 0;
  } catch (err) {
    return reportCliError(err, 'runs log', io);
  }
}

export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .description(
      'the run history: every install, add-node, reset, upgrade, renewal, removal and backup',
    );
  runs
    .command('list', { isDefault: true })
    .description('every recorded run, newest first, with who started it and its outcome')
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--json', 'print JSON', false)
    .action(async (opts: RunsOptions) => {
      process.exitCode = await runRunsList(opts);
    });
  runs
    .command('show <run>')
    .description("one run's every step on every node, with errors and diagnosed causes")
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--json', 'print JSON', false)
    .action(async (runId: string, opts: RunsOptions) => {
      process.exitCode = await runRunsShow(runId, opts);
    });
  runs
    .command('log <run> <node> <step>')
    .description("one step's log on one node in that run (as kept, secrets redacted)")
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .action(async (runId: string, nodeId: string, stepId: string, opts: RunsOptions) => {
      process.exitCode = await runRunsLog(runId, nodeId, stepId, opts);
    });
}
