import { join } from 'node:path';
import { restoreDirOf, RestoreEtcdParamsSchema, runStamp } from '../../common/etcd/etcdOperations';
import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import {
  clusterTokenOf,
  initialClusterOf,
  type RestoreMember,
} from '../../common/etcd/restoreMembers';
import type { NodeSpec } from '../../common/model/node';
import {
  scriptCheck,
  tail,
  type Step,
  type StepDependency,
  type StepOutputs,
} from '../engine/step';
import { checkedSnapshotIn } from './checkedSnapshot';
import { byteProgress } from './transferLog';
import healthyScript from '../steps/scripts/etcd-healthy.sh?raw';
import memberRaw from '../steps/scripts/etcd-restore-member.sh?raw';
import restoreScript from '../steps/scripts/etcd-restore.sh?raw';
import startScript from '../steps/scripts/etcd-restore-start.sh?raw';
import stopScript from '../steps/scripts/etcd-restore-stop.sh?raw';
import swapScript from '../steps/scripts/etcd-restore-swap.sh?raw';
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

/** This control plane's member as its etcd manifest names it (etcd-restore-member's outputs). */
async function memberOf(ctx: Ctx, nodeId: string): Promise<RestoreMember & { dataDir: string }> {
  const o = await ctx.outputsOf('etcd-restore-member', nodeId);
  return { nodeId, name: o.name ?? '', peerUrl: o.peerUrl ?? '', dataDir: o.dataDir ?? '' };
}

/** The control planes the restore runs on: every one of the project's, in its order. */
const controlPlanesOf = (ctx: Ctx): readonly NodeSpec[] =>
  ctx.nodes.filter((n) => n.role === 'control-plane');

const allControlPlanes = (step: string): StepDependency => ({ step, on: 'control-plane' });

const stampEnv = (ctx: Ctx): Record<string, string> => ({
  RESTORE_DIR: restoreDirOf(ctx.runId),
  RUN_STAMP: runStamp(ctx.runId),
});

const memberScript = composeScript(memberRaw);

/**
 * Each control plane's member name, peer URL and data directory, read from its etcd manifest
 * (read-only, before the upload: a control plane without stacked etcd fails the run before
 * anything moves).
 */
export const etcdRestoreMember = scriptStep({
  id: 'etcd-restore-member',
  script: memberRaw,
  appliesTo: ['control-plane'],
  env: (ctx) => stampEnv(ctx),
  outputs: async (ctx): Promise<StepOutputs> => {
    const res = await ctx.remote.exec(memberScript, {
      root: true,
      env: { ...stampEnv(ctx), KL_MODE: 'check', KL_STEP: 'etcd-restore-member' },
      signal: ctx.signal,
    });
    const line = (key: string): string =>
      new RegExp(`^KL_MEMBER_${key} (\\S+)$`, 'm').exec(res.stdout)?.[1] ?? '';
    if (res.code !== 0)
      throw new Error(`cannot read the etcd member of ${ctx.node.name}: ${tail(res.stderr)}`);
    return { name: line('NAME'), peerUrl: line('PEER'), dataDir: line('DATA') };
  },
});

/**
 * Every member restored into a new data directory with its own name and peer URL, the one
 * member list of every control plane and a new cluster token (nothing stopped yet). Waits for
 * every control plane's upload: each checked its copy's SHA-256 before anything stops.
 */
export const etcdRestore = scriptStep({
  id: 'etcd-restore',
  script: restoreScript,
  appliesTo: ['control-plane'],
  dependsOn: [allControlPlanes('etcd-restore-member'), allControlPlanes('etcd-upload')],
  timeoutMs: 15 * 60_000,
  retrySafe: false,
  env: async (ctx) => {
    const members = await Promise.all(controlPlanesOf(ctx).map((n) => memberOf(ctx, n.id)));
    const own = await memberOf(ctx, ctx.node.id);
    return {
      ...stampEnv(ctx),
      SNAPSHOT_SHA256: (await chosenSnapshot(ctx)).sha256,
      DATA_DIR: own.dataDir,
      MEMBER_NAME: own.name,
      PEER_URL: own.peerUrl,
      INITIAL_CLUSTER: initialClusterOf(members),
      CLUSTER_TOKEN: clusterTokenOf(runStamp(ctx.runId)),
    };
  },
});

const withDataDir = async (ctx: Ctx): Promise<Record<string, string>> => ({
  ...stampEnv(ctx),
  DATA_DIR: (await memberOf(ctx, ctx.node.id)).dataDir,
});

/** Every API server and etcd stopped (manifests parked) once every member is restored. */
export const etcdRestoreStop = scriptStep({
  id: 'etcd-restore-stop',
  script: stopScript,
  appliesTo: ['control-plane'],
  dependsOn: [allControlPlanes('etcd-restore')],
  timeoutMs: 5 * 60_000,
  retrySafe: false,
  env: withDataDir,
});

/** The data directories swapped once every control plane is stopped (the old one kept). */
export const etcdRestoreSwap = scriptStep({
  id: 'etcd-restore-swap',
  script: swapScript,
  appliesTo: ['control-plane'],
  dependsOn: [allControlPlanes('etcd-restore-stop')],
  retrySafe: false,
  env: withDataDir,
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

/** Every control plane's static pods started again once every member has its restored data. */
export const etcdRestoreStart = scriptStep({
  id: 'etcd-restore-start',
  script: startScript,
  appliesTo: ['control-plane'],
  dependsOn: [allControlPlanes('etcd-restore-swap')],
  env: (ctx) => stampEnv(ctx),
});

/** Exactly one started member per control plane, all healthy, and the API server ready. */
export const etcdHealthy = scriptStep({
  id: 'etcd-healthy',
  script: healthyScript,
  appliesTo: ['control-plane'],
  dependsOn: [allControlPlanes('etcd-restore-start')],
  timeoutMs: 6 * 60_000,
  env: (ctx) => ({ EXPECTED_MEMBERS: String(controlPlanesOf(ctx).length) }),
});

/** In the order of Kubernetes' and etcd's restore guides, each phase on every control plane. */
export const RESTORE_ETCD_STEPS: readonly Step<ClusterPlan>[] = [
  etcdRestoreMember,
  etcdUpload,
  etcdRestore,
  etcdRestoreStop,
  etcdRestoreSwap,
  etcdRestoreStart,
  etcdHealthy,
];
