import { InvalidArgumentError, type Command } from 'commander';
import { RunStartSchema } from '../../common/contracts/run';
import { planWarnings } from '../../common/plan/planWarnings';
import { parseOrThrow } from '../../common/validation';
import { assertRunnable } from '../services/runValidation';
import { preflightBeforeApply } from './applyPreflight';
import type { CliDeps } from './cliBackend';
import { asUsageError, startContractRun, withRunBackend } from './contractRun';
import { exitCodeOf, processIo, type CliIo } from './ioAndExitStatus';

export interface ApplyOptions {
  file: string;
  acceptNewHostKeys: boolean;
  concurrency?: number;
  verbose: boolean;
  /** Start over instead of resuming an unfinished run recorded in the project. */
  fresh: boolean;
  /** Install even when preflight finds what blocks it (printed all the same). */
  ignorePreflight?: boolean;
}

/**
 * `kubelab apply`: installs or converges the cluster the project describes. Every step checks
 * first, so a finished cluster reports each step "already done"; an unfinished run recorded in
 * the project is resumed (detached steps re-attached, never started twice), keeping only the
 * finished steps the current plan and nodes still render the same way — the others are checked
 * again, and the progress says how many (engine/README.md, "Resume after the plan …").
 */
export async function runApply(
  opts: ApplyOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  return withRunBackend({ ...opts, command: 'apply' }, io, deps, async (cli) => {
    const start = {
      operation: 'install' as const,
      concurrency: opts.concurrency,
      fresh: opts.fresh,
    };
    const flags = { concurrency: '--concurrency' };
    // Preflight reaches the machines, so what run.start will refuse is refused first: the
    // request by the contract's own schema, the project by the check every run entry makes.
    try {
      parseOrThrow(RunStartSchema, start, 'run.start');
    } catch (err) {
      throw asUsageError(err, flags);
    }
    assertRunnable(cli.project.get());
    for (const w of planWarnings(cli.project.get().plan))
      io.err(`kubelab: warning: ${w.message}\n`);
    // A first install runs preflight and stops at a blocker (applyPreflight.ts).
    const blocked = await preflightBeforeApply(
      cli,
      { ignore: opts.ignorePreflight === true, lang: 'en' },
      io,
    );
    if (blocked !== undefined) return blocked;
    const result = await startContractRun(cli, {
      start,
      io,
      verbose: opts.verbose,
      signals: deps.signals,
    }).catch((err: unknown) => {
      throw asUsageError(err, flags);
    });
    return exitCodeOf(result);
  });
}

/** A whole number; its range is the contract's (run.start's `concurrency`), which says it. */
export function parseConcurrency(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(`--concurrency must be a whole number, got "${value}".`);
  }
  return Number(value);
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description(
      'install or converge the cluster described by the project file (resumes an unfinished run)',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option('--concurrency <n>', 'nodes worked on at once (1 to 100)', parseConcurrency)
    .option('--fresh', 'start a new run instead of resuming the recorded one', false)
    .option(
      '--ignore-preflight',
      'install even when preflight finds a blocking problem (a first install runs preflight first)',
      false,
    )
    .option('-v, --verbose', 'print every step’s output', false)
    .addHelpText(
      'after',
      '\nExit status: 0 succeeded, 1 failed, 2 invalid project or plan, 3 blocked by preflight, 130 cancelled.',
    )
    .action(
      async (o: {
        file: string;
        acceptNewHostKeys: boolean;
        concurrency?: number;
        fresh: boolean;
        ignorePreflight: boolean;
        verbose: boolean;
      }) => {
        process.exitCode = await runApply(o);
      },
    );
}
