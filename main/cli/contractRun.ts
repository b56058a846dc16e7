import type { Payload } from '../../common/contract';
import { AppError } from '../../common/model/appError';
import type { RunEvent, RunResult } from '../../common/model/runEvent';
import { InvalidArgumentError } from 'commander';
import {
  EXIT_INTERRUPTED,
  openCliBackend,
  type CliBackend,
  type CliDeps,
  type InterruptSource,
} from './cliBackend';
import { asArgumentError } from './operationParams';
import { ProgressPrinter } from './progress';
import type { CliIo } from './ioAndExitStatus';

/**
 * A CLI run command's one path to a run (issue 15: the CLI as a third face): `run.start`
 * through the CLI back end's dispatch — the contract's schema, then the run service's own checks
 * (the project, the operation's params, the confirmation), exactly as the UI's operations menu —
 * and the run's `install.event`s printed as they come, until its `run-finished`.
 */
export interface ContractRunOptions {
  /** The request as the contract takes it (operation, params, dryRun, fresh, concurrency…). */
  start: Payload<'run.start'>;
  io: CliIo;
  verbose: boolean;
  /** Where Ctrl-C is heard; default this process. */
  signals?: InterruptSource;
  /** Also sees every run event (a command that says something after the run, from its cells). */
  onEvent?: (event: RunEvent) => void;
  /** Ends the process at a second Ctrl-C; default `process.exit`. */
  exit?: (code: number) => void;
}

/** The engine's line when a run's promise fails without a run-finished (runService.launch). */
const ENGINE_LINE = (e: RunEvent): e is Extract<RunEvent, { type: 'log' }> =>
  e.type === 'log' && e.stepId === '' && e.nodeId === '';

/**
 * Starts the run and follows it to its result. Ctrl-C asks the back end to cancel it
 * (`install.cancel`: cells in flight end as cancelled, the record says so and the next start of
 * the same command resumes it); a second Ctrl-C leaves at once (detached steps keep running on
 * the nodes and are re-attached by the next run). A refusal is thrown as the contract's AppError.
 */
export async function startContractRun(
  cli: CliBackend,
  opts: ContractRunOptions,
): Promise<RunResult> {
  const names = new Map(cli.project.get().nodes.map((n) => [n.id, n.name]));
  const printer = new ProgressPrinter({
    write: opts.io.out,
    tty: opts.io.tty,
    verbose: opts.verbose,
    names,
    lang: /^zh/i.test(process.env.LC_ALL ?? process.env.LANG ?? '') ? 'zh' : 'en',
  });
  let settle: { done(r: RunResult): void; fail(e: unknown): void } | undefined;
  const finished = new Promise<RunResult>((done, fail) => (settle = { done, fail }));
  // This back end runs one run at a time, so every run event on its bus is this command's.
  const stop = cli.backend.bus.subscribe((name, payload) => {
    if (name !== 'install.event') return;
    const e = payload as RunEvent;
    printer.handle(e);
    opts.onEvent?.(e);
    if (e.type === 'run-finished') settle?.done(e.result);
    else if (ENGINE_LINE(e))
      void endedWithoutResult(cli, e.chunk).then((err) => err && settle?.fail(err));
  });
  const signals: InterruptSource = opts.signals ?? process;
  const quitNow = (): void => void (opts.exit ?? process.exit)(EXIT_INTERRUPTED);
  const onInterrupt = (): void => {
    opts.io.err('\nkubelab: cancelling (Ctrl-C again to quit now)\n');
    signals.once('SIGINT', quitNow);
    void cli.call('install.cancel', {}).catch(() => undefined);
  };
  signals.once('SIGINT', onInterrupt);
  try {
    const started = await cli.call('run.start', opts.start);
    if (started.result) return started.result;
    return await finished;
  } finally {
    signals.removeListener('SIGINT', onInterrupt);
    signals.removeListener('SIGINT', quitNow);
    stop();
  }
}

/**
 * An engine line with no step is either a note inside a running run or the service saying the
 * run stopped on an error before any run-finished: then the back end no longer has an active run.
 */
async function endedWithoutResult(cli: CliBackend, chunk: string): Promise<AppError | undefined> {
  const { active } = await cli.call('install.state', {}).catch(() => ({ active: true }));
  if (active) return undefined;
  return new AppError({ code: 'run_failed', message: chunk.replace(/^\[kubelab\] /, '').trim() });
}

/**
 * Opens the CLI back end for a run command (its run lock naming `command`), runs `body` and
 * closes it. Errors are thrown as they are, for main/cli/index.ts to print with its exit status.
 */
export async function withRunBackend<T>(
  opts: { file: string; acceptNewHostKeys: boolean; command: string },
  io: CliIo,
  deps: CliDeps,
  body: (cli: CliBackend) => Promise<T>,
): Promise<T> {
  const open = deps.open ?? openCliBackend;
  const cli = await open({
    file: opts.file,
    acceptNewHostKeys: opts.acceptNewHostKeys,
    runCommand: opts.command,
    io,
    prompter: deps.prompter,
    secrets: deps.secrets,
    env: deps.env,
  });
  try {
    return await body(cli);
  } finally {
    cli.close();
  }
}

/**
 * A refusal of what the user typed, said with the flag that set each field
 * (`concurrency (--concurrency): …`, `params.certs.0 (--cert): …`): the contract's schema and
 * the operation's params (`invalid_payload`) and the operation's own refusals (remove-node's
 * `invalid_params`, `not_confirmed`) become a usage error (exit 2); anything else is unchanged.
 */
export function asUsageError(err: unknown, flags: Record<string, string>): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === 'invalid_params' || err.code === 'not_confirmed') return asArgumentError(err);
  if (err.code !== 'invalid_payload') return err;
  // `run.start: …` (the contract) or `renew-certs params: …` (the operation's schema).
  const body = err.message.replace(/^[\w.-]+(?: params)?: /, '');
  const lines = body.split('; ').map((part) => {
    const m = /^([\w.]+): (.*)$/s.exec(part);
    if (!m?.[1]) return part;
    const field = m[1];
    const key = Object.keys(flags)
      .filter((k) => field === k || field.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    return key ? `${field} (${flags[key]}): ${m[2]}` : part;
  });
  return new InvalidArgumentError(lines.join('; '));
}
