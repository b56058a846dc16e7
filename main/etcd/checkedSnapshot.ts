/**
 * The snapshot a restore is asked for, checked on this computer against its list entry (size,
 * SHA-256) before anything leaves it: the etcd.restore handler checks it before the run starts,
 * the restore-etcd operation's steps again whenever they read it (main/etcd/restoreSteps.ts).
 */
import { join } from 'node:path';
import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import { AppError } from '../../common/model/appError';
import { fileDigest, readSnapshotIndex } from './snapshotStore';

/**
 * The index entry of `file` in the snapshots `folder`, the file checked again: a snapshot that
 * is not listed, changed or missing is refused, naming the `file` field.
 */
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
