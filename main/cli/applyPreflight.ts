import type { PreflightRun } from '../../common/contracts/preflight';
import { preflightGatesInstall, reusableForInstall } from '../../common/preflight/installGate';
import { isFresh, preflightInputsDigest } from '../preflight/freshness';
import { lastPreflight, rememberPreflight } from '../preflight/lastRun';
import { runPreflight } from '../preflight/preflightService';
import { preflightDeps } from '../preflight/remoteDeps';
import type { ProjectSession } from '../services/remoteFactoryProject';
import { projectRunStateStore } from '../store/projectStore';
import type { Lang } from './diagnoseCommand';
import { EXIT_BLOCKED, formatReport } from './preflightCommand';
import type { CliIo } from './progressRun';

/**
 * `kubelab apply`'s preflight before a first install (see preflightGatesInstall): the project's
 * last run while fresh and passing, else a new one (with the network matrix, kept for the report
 * and the UI). Blockers are printed with their fixes and stop the install unless
 * `--ignore-preflight`. Answers the exit status to stop with, or undefined to go on.
 */
export async function preflightBeforeApply(
  session: ProjectSession,
  opts: { ignore: boolean; lang: Lang },
  io: CliIo,
): Promise<number | undefined> {
  const state = await projectRunStateStore(session.store).load();
  if (!preflightGatesInstall(state)) return undefined;
  const { nodes, plan } = session.project();
  const digest = preflightInputsDigest(nodes, plan);
  const last = await lastPreflight(session.store);
  let run: PreflightRun;
  if (last && reusableForInstall(last, isFresh(last, digest))) {
    run = last;
    io.out(
      `preflight: reusing the run of ${last.checkedAt} (nothing blocks; the nodes and plan are unchanged)\n`,
    );
  } else {
    io.out('preflight: checking the machines before the install…\n');
    run = await runPreflight(nodes, plan, preflightDeps(nodes, session.remotes), {
      matrix: true,
      context: 'install',
    });
    run.inputsDigest = digest;
    await rememberPreflight(session.store, run).catch(() => undefined);
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
