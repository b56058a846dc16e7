import { join } from 'node:path';
import { restoreDirOf, RestoreEtcdParamsSchema, runStamp } from '../../common/etcd/etcdOperations';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import { scriptCheck, tail, type Step, type StepOutputs } from '../engine/step';
import { checkedSnapshotIn } from './checkedSnapshot';
import { byteProgress } from './transferLog';
import healthyScript from '../steps/scripts/etcd-healthy.sh?raw';
import restoreScript from '../steps/scripts/etcd-restore.sh?raw';
import uploadScript from '../steps/scripts/etcd-upload.sh?raw';
import { composeScript, scriptStep, type Ctx } from '../steps/scriptStep';

/**
 * The chosen snapshot's list entry, its file checked again (size, SHA-256) every time a step
 * reads it: a snapshot that changed on this computer is refused before anything leaves it.
 */
async function chosenSnapshot(ctx: Ctx): Promise<{ sha256: string; path: string }> {
  const p = RestoreEtcdParamsSchema.parse(ctx.params);
  const entry = await checkedSnapshotIn(p.folder, p.file);
  return { sha256: entry.sha256, path: join(p.folder, entry.file) };
}

const upload = composeScript(uploadScript);
const uploadEnv = async (ctx: Ctx, mode: string): Promise<Record<string, string>> => ({
  RESTORE_DIR: restoreDirOf(ctx.runId),
  SNAPSHOT_SHA256: (await chosenSnapshot(ctx)).sha256,
  KL_MODE: mode,
  KL_STEP: 'etcd-upload',
});

/**
 * The upload. The engine has no hook for work on this computer, so the transfer is the step's
 * verification: the apply makes the node's root-only directory, `verify` streams the checked
 * file over SFTP (resumable, SHA-256 checked by the node before it gets its name) and has the
 * node check it against the list (the step's check).
 */
export const etcdUpload: Step<ClusterPlan> = {
  id: 'etcd-upload',
  appliesTo: ['control-plane'],
  timeoutMs: 10 * 60_000,
  retries: 1,
  async check(ctx) {
    const env = await uploadEnv(ctx, 'check');
    return scriptCheck<ClusterPlan>(() => ({ script: upload, env }))(ctx);
  },
  apply: async (ctx) => ({ script: upload, env: await uploadEnv(ctx, 'apply') }),
  async verify(ctx) {
    const chosen = await chosenSnapshot(ctx);
    ctx.log(`uploading ${chosen.path}`);
    const sent = await ctx.remote.uploadFile(
      chosen.path,
      `${restoreDirOf(ctx.runId)}/snapshot.db`,
      {
        mode: 0o600,
        signal: ctx.signal,
        onProgress: byteProgress(ctx.log),
      },
    );
    if (sent.resumedFrom > 0) ctx.log(`continued an earlier upload from byte ${sent.resumedFrom}`);
    const checked = await ctx.remote.exec(upload, {
      env: await uploadEnv(ctx, 'check'),
      root: true,
      signal: ctx.signal,
    });
    if (checked.code !== 0)
      throw new AppError({
        code: 'snapshot_corrupt',
        nodeId: ctx.node.id,
        message: `The snapshot uploaded to ${ctx.node.name} does not match the list (nothing was stopped): ${tail(checked.stderr || checked.stdout)}`,
      });
  },
};

/** The restore proper: not retried by itself, it stops the control plane. */
export const etcdRestore = scriptStep({
  id: 'etcd-restore',
  script: restoreScript,
  appliesTo: ['control-plane'],
  dependsOn: ['etcd-upload'],
  timeoutMs: 15 * 60_000,
  retrySafe: false,
  env: async (ctx) => ({
    RESTORE_DIR: restoreDirOf(ctx.runId),
    SNAPSHOT_SHA256: (await chosenSnapshot(ctx)).sha256,
    RUN_STAMP: runStamp(ctx.runId),
  }),
  // Where the data from before was kept: the faces name it with the way back.
  outputs: async (ctx): Promise<StepOutputs> => {
    const res = await ctx.remote.exec('cat -- "$KL_MARK"', {
      root: true,
      env: { KL_MARK: `${restoreDirOf(ctx.runId)}/restored` },
      signal: ctx.signal,
    });
    return res.code === 0 ? { previousDataDir: res.stdout.trim() } : {};
  },
});

export const etcdHealthy = scriptStep({
  id: 'etcd-healthy',
  script: healthyScript,
  appliesTo: ['control-plane'],
  dependsOn: ['etcd-restore'],
  timeoutMs: 6 * 60_000,
  env: () => ({}),
});

export const RESTORE_ETCD_STEPS: readonly Step<ClusterPlan>[] = [
  etcdUpload,
  etcdRestore,
  etcdHealthy,
];
