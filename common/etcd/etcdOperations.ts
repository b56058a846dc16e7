/**
 * The parameters of the backup-etcd and restore-etcd operations. The snapshots folder
 * (`<project>.snapshots/`, beside the project file) is a parameter because a step knows no
 * project file: `etcd.backup`, `etcd.restore` and `kubelab etcd backup|restore` resolve it from
 * the open project, and a resumed run reads it from its record.
 */
import { z } from 'zod';
import { SnapshotFileSchema } from './snapshotIndex';

/** An absolute local path (POSIX or Windows), as the faces resolve it. */
const AbsoluteFolderSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path');

export const BackupEtcdParamsSchema = z
  .object({
    /** The snapshots folder the download goes into and whose index records it. */
    folder: AbsoluteFolderSchema,
  })
  .strict();
export type BackupEtcdParams = z.infer<typeof BackupEtcdParamsSchema>;

export const RestoreEtcdParamsSchema = z
  .object({
    folder: AbsoluteFolderSchema,
    /** The snapshot, as the folder's index lists it. */
    file: SnapshotFileSchema,
  })
  .strict();
export type RestoreEtcdParams = z.infer<typeof RestoreEtcdParamsSchema>;

/** A run id as a file-name part on the node. */
export const runStamp = (runId: string): string => runId.replace(/[^A-Za-z0-9_-]/g, '_');

/** The node's directory a run's snapshot is saved in (etcd-snapshot, etcd-download). */
export const backupDirOf = (runId: string): string => `/var/tmp/kubelab-etcd.${runStamp(runId)}`;

/** The node's directory a run's upload is restored from (etcd-upload, etcd-restore). */
export const restoreDirOf = (runId: string): string =>
  `/var/tmp/kubelab-restore.${runStamp(runId)}`;
