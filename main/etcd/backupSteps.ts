import { backupDirOf, BackupEtcdParamsSchema } from '../../common/etcd/etcdOperations';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import { scriptCheck, tail, type Step } from '../engine/step';
import { keepDownloadedSnapshot, parseNodeSnapshotFacts } from './snapshotDownload';
import { byteProgress } from './transferLog';
import downloadScript from '../steps/scripts/etcd-download.sh?raw';
import snapshotScript from '../steps/scripts/etcd-snapshot.sh?raw';
import { composeScript, scriptStep, type Ctx } from '../steps/scriptStep';

/** A backup may take a while on a big database (etcd's default quota is 2 GiB). */
const TEN_MINUTES = 10 * 60_000;

/** The snapshot saved and checked on the node (the operation runs it on one control plane). */
export const etcdSnapshot = scriptStep({
  id: 'etcd-snapshot',
  script: snapshotScript,
  appliesTo: ['control-plane'],
  timeoutMs: TEN_MINUTES,
  retries: 1,
  env: ({ runId }) => ({ SNAP_DIR: backupDirOf(runId) }),
});

const download = composeScript(downloadScript);
const downloadEnv = (ctx: Ctx, mode: string): Record<string, string> => ({
  SNAP_DIR: backupDirOf(ctx.runId),
  ADMIN_USER: ctx.node.user,
  KL_MODE: mode,
  KL_STEP: 'etcd-download',
});

/**
 * The download. The engine runs scripts on nodes and has no hook for work on this computer, so
 * the transfer is the step's verification: the apply hands the file to the login user, `verify`
 * reads what the node measured, downloads, checks and records the snapshot (fails when they
 * differ), then has the node remove its copy. A resumed run whose snapshot was recorded is done.
 */
export const etcdDownload: Step<ClusterPlan> = {
  id: 'etcd-download',
  appliesTo: ['control-plane'],
  dependsOn: ['etcd-snapshot'],
  timeoutMs: TEN_MINUTES,
  retries: 1,
  check: scriptCheck<ClusterPlan>((ctx) => ({ script: download, env: downloadEnv(ctx, 'check') })),
  apply: (ctx) => ({ script: download, env: downloadEnv(ctx, 'apply') }),
  async verify(ctx) {
    const { folder } = BackupEtcdParamsSchema.parse(ctx.params);
    const probe = await ctx.remote.exec(download, {
      env: downloadEnv(ctx, 'check'),
      root: true,
      signal: ctx.signal,
    });
    if (probe.code === 0) return;
    const facts = parseNodeSnapshotFacts(probe.stdout, ctx.node.id);
    ctx.log(`downloading ${facts.size} bytes (SHA-256 ${facts.sha256})`);
    const entry = await keepDownloadedSnapshot({
      folder,
      runId: ctx.runId,
      nodeId: ctx.node.id,
      kubernetesVersion: ctx.plan.kubernetesVersion,
      facts,
      fetch: async (dest) => {
        const got = await ctx.remote.downloadFile(`${backupDirOf(ctx.runId)}/snapshot.db`, dest, {
          signal: ctx.signal,
          onProgress: byteProgress(ctx.log),
        });
        if (got.resumedFrom > 0)
          ctx.log(`continued an earlier download from byte ${got.resumedFrom}`);
      },
    });
    ctx.log(`saved ${folder}/${entry.file} (revision ${entry.revision}, ${entry.size} bytes)`);
    const finish = await ctx.remote.exec(download, {
      env: downloadEnv(ctx, 'finish'),
      root: true,
      signal: ctx.signal,
    });
    if (finish.code !== 0)
      throw new AppError({
        code: 'cleanup_failed',
        nodeId: ctx.node.id,
        message: `The snapshot was saved as ${entry.file}, but its copy in ${backupDirOf(ctx.runId)} on ${ctx.node.name} could not be removed: ${tail(finish.stderr)}`,
      });
  },
};

export const BACKUP_ETCD_STEPS: readonly Step<ClusterPlan>[] = [etcdSnapshot, etcdDownload];
