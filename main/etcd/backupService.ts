/**
 * etcd backup (issue 21 part 2): snapshot on the first control plane with kubeadm's etcd client
 * certificates, status read with the tool the member's version calls for, SFTP download into the
 * snapshots folder with progress, SHA-256 and size checked against the node's copy, the node's
 * copy deleted, and the snapshot recorded in the folder's index. A download that does not match
 * is deleted and not recorded.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseEndpointVersion,
  parseSnapshotStatusJson,
  statusTool,
} from '../../common/etcd/snapshotStatus';
import { snapshotFileName, type SnapshotEntry } from '../../common/etcd/snapshotIndex';
import type { BackupProgress } from '../../common/contracts/etcd';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { Project } from '../../common/model/project';
import type { Remote } from '../engine/remote';
import { tail } from '../engine/step';
import { firstControlPlane } from '../steps/plan';
import { CLEANUP_SCRIPT, markers, NO_ETCDCTL, SAVE_SCRIPT, STATUS_SCRIPT } from './backupScripts';
import { fileDigest, readSnapshotIndex, recordSnapshot, snapshotFolder } from './snapshotStore';

export interface BackupDeps {
  /** Its machines and plan (the version the snapshot is recorded with). */
  project: Pick<Project, 'nodes' | 'plan'>;
  /** The project file; the snapshots folder is beside it. */
  projectFile: string | undefined;
  remoteFor(node: NodeSpec): Pick<Remote, 'exec'>;
  /** Streams a node's file to a local path over SFTP (Remote.downloadFile). */
  fetch(
    node: NodeSpec,
    remotePath: string,
    localPath: string,
    onBytes: (done: number, total: number) => void,
  ): Promise<void>;
  onProgress?(p: BackupProgress): void;
  now?(): Date;
}

export interface BackupResult {
  snapshot: SnapshotEntry;
  path: string;
}

const failed = (code: string, node: NodeSpec, message: string): AppError =>
  new AppError({ code, nodeId: node.id, message });

/** The downloaded file against what the node measured; a mismatch deletes the download. */
export async function checkDownload(
  path: string,
  expected: { size: number; sha256: string },
): Promise<void> {
  const got = await fileDigest(path);
  if (got.size === expected.size && got.sha256 === expected.sha256) return;
  await rm(path, { force: true });
  throw new AppError({
    code: 'snapshot_corrupt',
    message:
      got.size !== expected.size
        ? `The downloaded snapshot has ${got.size} bytes, the node's copy ${expected.size}: the download was cut short. It was deleted and not recorded; back up again.`
        : `The downloaded snapshot's SHA-256 (${got.sha256}) differs from the node's (${expected.sha256}). It was deleted and not recorded; back up again.`,
  });
}

export async function backupEtcd(deps: BackupDeps): Promise<BackupResult> {
  const { project, projectFile } = deps;
  if (!projectFile)
    throw new AppError({
      code: 'project_not_saved',
      message: 'Save the project first: snapshots are kept in a folder beside the project file.',
    });
  const cp = firstControlPlane(project.nodes);
  if (!cp)
    throw new AppError({
      code: 'no_control_plane',
      field: 'nodes',
      message: 'The project has no control-plane node to take an etcd snapshot on.',
    });
  const folder = snapshotFolder(projectFile);
  // A damaged index is refused before the cluster is touched: nothing to download into a list
  // that cannot be written.
  await readSnapshotIndex(folder);
  const progress = (phase: BackupProgress['phase'], bytes = 0, total = 0): void =>
    deps.onProgress?.({ phase, bytes, total });
  const remote = deps.remoteFor(cp);
  const time = (deps.now ?? (() => new Date()))();

  progress('snapshot');
  const saved = await remote.exec(SAVE_SCRIPT, { root: true, timeoutMs: 10 * 60_000 });
  if (saved.code === NO_ETCDCTL)
    throw failed(
      'etcdctl_missing',
      cp,
      `etcdctl is not installed on ${cp.name}; install the etcd client there (Debian/Ubuntu: etcd-client) and back up again.`,
    );
  if (saved.code !== 0)
    throw failed(
      'snapshot_failed',
      cp,
      `etcdctl snapshot save on ${cp.name} failed: ${tail(saved.stderr)}`,
    );
  const out = markers(saved.stdout);
  const dir = out.get('DIR') ?? '';
  try {
    const etcdVersion = parseEndpointVersion(out.get('ENDPOINT') ?? '') ?? 'unknown';
    const tool = statusTool(etcdVersion, out.get('ETCDUTL') === 'yes');
    if (!tool)
      throw failed(
        'etcdutl_missing',
        cp,
        `etcd ${etcdVersion} on ${cp.name} needs etcdutl to read a snapshot (etcdctl's snapshot commands were removed in 3.6); install etcdutl there.`,
      );
    progress('status');
    const checked = await remote.exec(STATUS_SCRIPT, {
      root: true,
      env: { KL_DIR: dir, KL_TOOL: tool, KL_OWNER: cp.user === 'root' ? '' : cp.user },
      timeoutMs: 10 * 60_000,
    });
    const status = parseSnapshotStatusJson(checked.stdout);
    const facts = markers(checked.stdout);
    const size = Number(facts.get('SIZE'));
    const sha256 = facts.get('SHA256') ?? '';
    if (
      checked.code !== 0 ||
      !status ||
      !Number.isSafeInteger(size) ||
      !/^[0-9a-f]{64}$/.test(sha256)
    )
      throw failed(
        'snapshot_unreadable',
        cp,
        `${tool} snapshot status on ${cp.name} did not accept the snapshot (exit ${checked.code}): ${tail(checked.stderr || checked.stdout)}`,
      );

    await mkdir(folder, { recursive: true, mode: 0o700 });
    const file = snapshotFileName(time, status.revision);
    const local = join(folder, file);
    progress('download', 0, size);
    try {
      await deps.fetch(cp, `${dir}/snapshot.db`, local, (done) => progress('download', done, size));
    } catch (err) {
      // This file name is never asked for again (a new backup gets a new time): no partial kept.
      await Promise.all([rm(local, { force: true }), rm(`${local}.part`, { force: true })]);
      throw err;
    }
    progress('verify', size, size);
    await checkDownload(local, { size, sha256 });
    const snapshot: SnapshotEntry = {
      file,
      time: time.toISOString(),
      revision: status.revision,
      totalKeys: status.totalKeys,
      size,
      sha256,
      etcdHash: status.hash,
      kubernetesVersion: project.plan.kubernetesVersion,
      etcdVersion,
      node: cp.id,
    };
    await recordSnapshot(folder, snapshot).catch(async (err: unknown) => {
      await rm(local, { force: true });
      throw err;
    });
    progress('done', size, size);
    return { snapshot, path: local };
  } finally {
    // The node's copy holds every Secret of the cluster: it never stays behind.
    if (dir)
      await remote
        .exec(CLEANUP_SCRIPT, { root: true, env: { KL_DIR: dir } })
        .catch(() => undefined);
  }
}
