import type { PreflightRun } from '../../common/contracts/preflight';
import { preflightGatesInstall, reusableForInstall } from '../../common/preflight/installGate';
import type { CliBackend } from './cliBackend';
import type { Lang } from './diagnoseCommand';
import { EXIT_BLOCKED, formatReport } from './preflightCommand';
import type { CliIo } from './ioAndExitStatus';

/**
 * `kubelab apply`'s preflight before a first install (see preflightGatesInstall): the project's
 * last run while fresh and passing, else a new one (with the network matrix, kept for the report
 * and the UI). Blockers are printed with their fixes and stop the install unless
 * `--ignore-preflight`. Answers the exit status to stop with, or undefined to go on.
 */
export async function preflightBeforeApply(
  cli: Pick<CliBackend, 'call'>,
  opts: { ignore: boolean; lang: Lang },
  io: CliIo,
): Promise<number | undefined> {
  const { state } = await cli.call('install.state', {});
  if (!preflightGatesInstall(state)) return undefined;
  // The kept run and whether it is fresh (recent, same nodes and plan), as the UI asks for it.
  const last = await cli.call('preflight.last', {});
  let run: PreflightRun;
  if (last.run && reusableForInstall(last.run, last.fresh)) {
    run = last.run;
    io.out(
      `preflight: reusing the run of ${last.run.checkedAt} (nothing blocks; the nodes and plan are unchanged)\n`,
    );
  } else {
    io.out('preflight: checking the machines before the install…\n');
    // With the network matrix, in the install's context: kept by the back end for the report
    // and the UI, and fit to stand in for the next install's own (its inputs digest).
    run = await cli.call('preflight.run', { matrix: true, context: 'install' });
  }
  if (run.report.ok) return undefined;
  const blockers = {
    ...run.report,
    results: run.report.results.filter((r) => r.status === 'fail' && r.severity === 'block'),
  };
  io.out(formatReport(blockers, opts.lang));
  for (const u of run.unreachable) io.out(`UNREACHABLE ${u.nodeId}: ${u.message}\n`);
  if (opts.ignore) {
    io.out('--ignore-preflight: installing anyway.\n');
    return undefined;
  }
  io.err(
    'the install did not start: fix what blocks it (kubelab preflight -f <project> --fix <check> --yes), or run kubelab apply --ignore-preflight to install anyway\n',
  );
  return EXIT_BLOCKED;
}
