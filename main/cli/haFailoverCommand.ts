import { InvalidArgumentError, type Command } from 'commander';
import { lastFailoverTest, type FailoverTest } from '../../common/plan/ha/failover';
import { readRecords, runRecordsDir } from '../store/runRecords';
import type { CliDeps } from './cliBackend';
import { startContractRun, withRunBackend } from './contractRun';
import { exitCodeOf, processIo, type CliIo } from './ioAndExitStatus';

export interface HaFailoverOptions {
  file: string;
  yes: boolean;
  acceptNewHostKeys: boolean;
  verbose: boolean;
}

/** The result line the CLI prints after the run (the report's HA section says the same). */
export function formatFailoverTest(t: FailoverTest): string {
  const moved =
    t.oldHolder && t.newHolder
      ? `the VIP moved from ${t.oldHolder} to ${t.newHolder} in ${t.movedSeconds ?? '?'} s`
      : 'the VIP did not move';
  const api =
    t.apiAnswered === undefined
      ? ''
      : t.apiAnswered
        ? `; the API answered through it after ${t.apiSeconds ?? '?'} s`
        : '; the API did not answer through it';
  const back =
    t.restored === undefined
      ? ''
      : t.restored
        ? '; the holder was put back'
        : '; the holder was NOT put back';
  const error = t.outcome === 'succeeded' || !t.error ? '' : `\n  ${t.error}`;
  return `failover test ${t.outcome}: ${moved}${api}${back}${error}\n`;
}

/**
 * `kubelab ha-failover --yes`: the ha-failover-test operation through run.start (a new run each
 * time: `fresh`), its progress printed like every run, then its recorded result.
 */
export async function runHaFailover(
  opts: HaFailoverOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  if (!opts.yes) {
    throw new InvalidArgumentError(
      'this takes the VIP away from the control plane holding it (keepalived stopped, or kube-vip’s manifest moved aside) until another control plane takes it — the API through the VIP pauses for a moment — then puts it back: pass --yes to confirm',
    );
  }
  return withRunBackend({ ...opts, command: 'ha-failover' }, io, deps, async (cli) => {
    const result = await startContractRun(cli, {
      start: { operation: 'ha-failover-test', params: {}, fresh: true },
      io,
      verbose: opts.verbose,
      signals: deps.signals,
    });
    const file = cli.project.path();
    const test = file ? lastFailoverTest(await readRecords(runRecordsDir(file))) : undefined;
    if (test?.runId === result.runId) io.out(formatFailoverTest(test));
    return exitCodeOf(result);
  });
}

export function registerHaFailover(program: Command): void {
  program
    .command('ha-failover')
    .description(
      'test the VIP failover: the holder gives the VIP up, another control plane must take it and the API answer through it; the holder is put back',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--yes', 'confirm: the API through the VIP pauses while the VIP moves', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option('-v, --verbose', 'print every step’s output', false)
    .action(async (o: HaFailoverOptions) => {
      process.exitCode = await runHaFailover(o);
    });
}
