import { z } from 'zod';
import { SnapshotEntrySchema, SnapshotFileSchema } from '../etcd/snapshotIndex';
import { Empty } from './empty';

/**
 * etcd backups of the open project's stacked etcd (issue 21 part 2): `etcd.backup` takes a
 * snapshot on the first control plane, checks it and downloads it into the snapshots folder
 * beside the project file; `etcd.list` reads that folder's index. Progress comes as
 * `etcd.backupProgress` events while `etcd.backup` runs.
 */
export const BACKUP_PHASES = ['snapshot', 'status', 'download', 'verify', 'done'] as const;

export const BackupProgressSchema = z.object({
  phase: z.enum(BACKUP_PHASES),
  /** Bytes downloaded so far (download phase). */
  bytes: z.number().int().nonnegative(),
  /** The snapshot's size once known, else 0. */
  total: z.number().int().nonnegative(),
});
export type BackupProgress = z.infer<typeof BackupProgressSchema>;

export const SnapshotListSchema = z.object({
  /** The snapshots folder (absolute), or undefined for a project that is not saved yet. */
  folder: z.string().optional(),
  snapshots: z.array(SnapshotEntrySchema),
});
export type SnapshotList = z.infer<typeof SnapshotListSchema>;

export const etcdRequests = {
  'etcd.backup': {
    payload: Empty,
    result: z.object({ snapshot: SnapshotEntrySchema, path: z.string() }),
  },
  'etcd.list': { payload: Empty, result: SnapshotListSchema },
  /**
   * Replaces the cluster's etcd data with a listed snapshot on every control plane (each stacked
   * member restored with one new member list). Destructive: refused unless `confirm` is the
   * plan's clusterName, as `run.start` is for a destructive operation. `node`/`previousDataDir`
   * are the first control plane's; `restored` has every control plane's kept data directory.
   */
  'etcd.restore': {
    payload: z.object({ file: SnapshotFileSchema, confirm: z.string().max(253) }).strict(),
    result: z.object({
      snapshot: SnapshotEntrySchema,
      node: z.string(),
      previousDataDir: z.string(),
      restored: z.array(z.object({ node: z.string(), previousDataDir: z.string() })),
    }),
  },
} as const;

export const etcdEvents = {
  'etcd.backupProgress': BackupProgressSchema,
} as const;
