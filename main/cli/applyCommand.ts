import { InvalidArgumentError, type Command } from 'commander';
import { assertPlanValid } from '../services/remoteFactoryProject';
import { planWarnings } from '../../common/plan/planWarnings';
import { openCliProjectSession } from './projectSession';
import { preflightBeforeApply } from './applyPreflight';
import { exitCodeOf, processIo, runWithProgress, type CliIo } from './progressRun';

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
export async function runApply(opts: ApplyOptions, io: CliIo = processIo()): Promise<number> {
  const session = await openCliProjectSession(opts.file, {
    acceptNewHostKeys: opts.acceptNewHostKeys,
    interactive: true,
    write: io.err,
  });
  try {
    assertPlanValid(session.project());
    for (const w of planWarnings(session.project().plan))
      io.err(`kubelab: warning: ${w.message}\n`);
    // A first install runs preflight and stops at a blocker (applyPreflight.ts).
    const blocked = await preflightBeforeApply(
      session,
      { ignore: opts.ignorePreflight === true, lang: 'en' },
      io,
    );
    if (blocked !== undefined) return blocked;
    const result = await runWithProgress({
      session,
      start: { concurrency: opts.concurrency, fresh: opts.fresh },
      io,
      verbose: opts.verbose,
      command: 'apply',
    });
    return exitCodeOf(result);
  } finally {
    session.close();
  }
}

export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 500) {
    throw new InvalidArgumentError(`--concurrency must be a number from 1 to 500, got "${value}".`);
  }
  return n;
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description(
      'install or converge the cluster described by the project file (resumes an unfinished run)',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option('--concurrency <n>', 'nodes worked on at once', parseConcurrency)
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
