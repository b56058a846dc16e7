/**
 * etcd restore (issue 21 part 2, stacked etcd, one control plane): the chosen snapshot checked on
 * this computer against its index entry (size, SHA-256) before anything leaves it, uploaded over
 * SFTP, checked again on the node, restored into a new data directory, swapped in with the static
 * pods stopped, the old data directory kept; then etcd's health is awaited.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { Project } from '../../common/model/project';
import type { Remote } from '../engine/remote';
import { tail } from '../engine/step';
import { HEALTH_SCRIPT, markers } from './backupScripts';
import { RESTORE_EXIT, RESTORE_SCRIPT } from './restoreScripts';
import { fileDigest, readSnapshotIndex, snapshotFolder } from './snapshotStore';

export interface RestoreDeps {
  project: Project;
  projectFile: string | undefined;
  /** The snapshot's file name as the list shows it. */
  file: string;
  remoteFor(node: NodeSpec): Pick<Remote, 'exec'>;
  /** Uploads a local file to the node over SFTP (main/ssh/sftp.ts uploadFromFile). */
  put(node: NodeSpec, localPath: string, remotePath: string): Promise<void>;
  now?(): Date;
}

export interface RestoreResult {
  snapshot: SnapshotEntry;
  node: string;
  /** Where the data directory from before the restore was kept on the node. */
  previousDataDir: string;
  log: string;
}

const WHY: Partial<Record<number, string>> = {
  [RESTORE_EXIT.badUpload]: 'the upload does not match the snapshot; nothing was stopped',
  [RESTORE_EXIT.refused]: 'the node refuses the snapshot; nothing was stopped',
  [RESTORE_EXIT.restoreFailed]: 'the restore failed; nothing was stopped',
  [RESTORE_EXIT.didNotStop]: 'etcd did not stop; the static pods were put back, nothing changed',
  [RESTORE_EXIT.swapFailed]: 'the data directories could not be swapped; the old one is in place',
};

/** The index entry of `file`, its download checked again: a snapshot that changed is refused. */
export async function checkedSnapshot(projectFile: string, file: string): Promise<SnapshotEntry> {
  return checkedSnapshotIn(snapshotFolder(projectFile), file);
}

/** checkedSnapshot for a snapshots folder (the restore-etcd operation's parameter). */
export async function checkedSnapshotIn(folder: string, file: string): Promise<SnapshotEntry> {
  const entry = (await readSnapshotIndex(folder)).snapshots.find((s) => s.file === file);
  if (!entry)
    throw new AppError({
      code: 'no_such_snapshot',
      field: 'file',
      message: `${file} is not in ${folder}/index.json; \`kubelab etcd list\` shows the snapshots.`,
    });
  const got = await fileDigest(join(folder, file)).catch(() => undefined);
  if (!got || got.size !== entry.size || got.sha256 !== entry.sha256)
    throw new AppError({
      code: 'snapshot_corrupt',
      field: 'file',
      message: got
        ? `${file} is not the snapshot that was recorded (${got.size} bytes, SHA-256 ${got.sha256}; recorded ${entry.size}, ${entry.sha256}): refused, nothing was stopped.`
        : `${file} is missing from ${folder}: refused, nothing was stopped.`,
    });
  return entry;
}

export async function restoreEtcd(deps: RestoreDeps): Promise<RestoreResult> {
  if (!deps.projectFile)
    throw new AppError({ code: 'project_not_saved', message: 'Save the project first.' });
  const cps = deps.project.nodes.filter((n) => n.role === 'control-plane');
  const cp = cps[0];
  if (!cp)
    throw new AppError({
      code: 'no_control_plane',
      field: 'nodes',
      message: 'The project has no control-plane node to restore etcd on.',
    });
  if (cps.length > 1)
    throw new AppError({
      code: 'restore_ha_unsupported',
      field: 'nodes',
      message: `The cluster has ${cps.length} control planes; kubelab restores a single stacked etcd member only (rebuilding an HA member list is not built yet).`,
    });
  const snapshot = await checkedSnapshot(deps.projectFile, deps.file);
  const remote = deps.remoteFor(cp);
  const upload = `/tmp/.kubelab-restore-${randomBytes(8).toString('hex')}.db`;
  await deps.put(cp, join(snapshotFolder(deps.projectFile), snapshot.file), upload);
  const stamp = (deps.now ?? (() => new Date()))()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const res = await remote.exec(RESTORE_SCRIPT, {
    root: true,
    env: {
      KL_SNAPSHOT: upload,
      KL_SHA256: snapshot.sha256,
      KL_STAMP: stamp,
    },
    timeoutMs: 15 * 60_000,
  });
  if (res.code !== 0)
    throw new AppError({
      code: 'restore_failed',
      nodeId: cp.id,
      message: `Restore on ${cp.name}: ${WHY[res.code] ?? `exit ${res.code}`} (${tail(res.stderr)}).`,
    });
  const previousDataDir = markers(res.stdout).get('OLD') ?? '';
  const health = await remote.exec(HEALTH_SCRIPT, { root: true, timeoutMs: 5 * 60_000 });
  if (health.code !== 0)
    throw new AppError({
      code: 'restore_unhealthy',
      nodeId: cp.id,
      message: `etcd on ${cp.name} is not healthy after the restore (${tail(health.stderr || health.stdout)}). The data from before is kept at ${previousDataDir}: to go back, move /etc/kubernetes/manifests/*.yaml out, swap ${previousDataDir} back to the data directory, and move the manifests back.`,
    });
  return { snapshot, node: cp.id, previousDataDir, log: res.stdout };
}
