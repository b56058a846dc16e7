/**
 * What the faces say after a backup-etcd or restore-etcd run: the snapshot that run recorded, or
 * where the restore kept the data from before (the etcd-restore step's output, in the run's
 * record). Both faces (contract handlers, CLI) read it here, so they say the same thing.
 */
import type { RunResult, RunState } from '../../common/model/runEvent';
import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import { AppError } from '../../common/model/appError';
import { join } from 'node:path';
import { runStamp } from '../../common/etcd/etcdOperations';
import { wayBackOn } from '../../common/etcd/restoreMembers';
import { recordedByRun } from './snapshotDownload';

/** The run's error as the faces throw it (a failed or cancelled run). */
export function runFailure(result: RunResult, what: string): AppError {
  return new AppError(
    result.error ?? {
      code: result.outcome === 'cancelled' ? 'cancelled' : 'run_failed',
      message: `The ${what} run ${result.runId} ${result.outcome === 'cancelled' ? 'was cancelled' : 'failed'}; \`kubelab runs\` shows its steps.`,
    },
  );
}

/** The snapshot a succeeded backup run recorded, and its path. */
export async function backedUpBy(
  folder: string,
  runId: string,
): Promise<{ snapshot: SnapshotEntry; path: string }> {
  const snapshot = await recordedByRun(folder, runId);
  if (!snapshot)
    throw new AppError({
      code: 'snapshot_missing',
      message: `The backup run ${runId} finished but ${folder}/index.json has no snapshot of it.`,
    });
  return { snapshot, path: join(folder, snapshot.file) };
}

/** Where the restore run kept each control plane's data directory from before, in run order. */
export function previousDataDirsOf(
  runs: readonly RunState[],
  runId: string,
): { node: string; previousDataDir: string }[] {
  const run = runs.find((r) => r.runId === runId);
  return (run?.tasks ?? [])
    .filter((t) => t.stepId === 'etcd-restore-swap')
    .map((t) => ({ node: t.nodeId, previousDataDir: t.outputs?.previousDataDir ?? '' }));
}

/**
 * A restore that failed or was cancelled once some control plane was stopped: the run's error
 * followed by the way back on each control plane the stop reached (from the data directory its
 * etcd-restore-member step read). Before any stop nothing changed, and the error says so alone.
 */
export function restoreFailure(result: RunResult, runs: readonly RunState[]): AppError {
  const failed = runFailure(result, 'restore');
  const run = runs.find((r) => r.runId === result.runId);
  const tasks = run?.tasks ?? [];
  const touched = tasks.filter(
    (t) => t.stepId === 'etcd-restore-stop' && t.status !== 'pending' && t.status !== 'skipped',
  );
  if (touched.length === 0) return failed;
  const stamp = runStamp(result.runId);
  const lines = touched.map((t) => {
    const dataDir =
      tasks.find((m) => m.stepId === 'etcd-restore-member' && m.nodeId === t.nodeId)?.outputs
        ?.dataDir ?? '/var/lib/etcd';
    return `  ${wayBackOn(t.nodeId, dataDir, stamp)}`;
  });
  return new AppError({
    ...failed.toData(),
    message: `${failed.message}\nThe old etcd data directories are kept. To go back by hand, on each control plane the restore reached:\n${lines.join('\n')}\nOr resume the restore: \`kubelab runs\` shows the failed step.`,
  });
}
