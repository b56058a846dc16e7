/**
 * What the faces say after a backup-etcd or restore-etcd run: the snapshot that run recorded, or
 * where the restore kept the data from before (the etcd-restore step's output, in the run's
 * record). Both faces (contract handlers, CLI) read it here, so they say the same thing.
 */
import type { RunResult, RunState } from '../../common/model/runEvent';
import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import { AppError } from '../../common/model/appError';
import { join } from 'node:path';
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

/** Where the restore run kept the data directory from before ('' when it is not recorded). */
export function previousDataDirOf(runs: readonly RunState[], runId: string): string {
  const run = runs.find((r) => r.runId === runId);
  const task = run?.tasks.find((t) => t.stepId === 'etcd-restore');
  return task?.outputs?.previousDataDir ?? '';
}
