/**
 * The snapshots list kept beside a project: `<project>.snapshots/index.json` holds one entry per
 * etcd snapshot downloaded to this computer (the .db files sit next to it). Newest last.
 */
import { z } from 'zod';
import { AppError } from '../model/appError';

/** A snapshot's file name: `etcd-<UTC time>-rev<revision>.db`, nothing that leaves the folder. */
export const SnapshotFileSchema = z
  .string()
  .regex(/^etcd-[0-9TZ-]+-rev\d+\.db$/, 'must be a snapshot file name (etcd-<time>-rev<n>.db)');

export const SnapshotEntrySchema = z
  .object({
    file: SnapshotFileSchema,
    /** When the snapshot was taken (ISO 8601, UTC). */
    time: z.string().datetime(),
    revision: z.number().int().nonnegative(),
    totalKeys: z.number().int().nonnegative(),
    /** Bytes of the downloaded file. */
    size: z.number().int().nonnegative(),
    /** SHA-256 of the file, lower-case hex: checked again before a restore. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex'),
    /** etcd's own hash of the contents (from `snapshot status`). */
    etcdHash: z.number().int().nonnegative(),
    kubernetesVersion: z.string().max(64),
    etcdVersion: z.string().max(64),
    /** The control plane it was taken on (node id). */
    node: z.string().max(253),
    /** The backup-etcd run that took it (absent for snapshots taken before backups were runs). */
    runId: z.string().max(128).optional(),
  })
  .strict();
export type SnapshotEntry = z.infer<typeof SnapshotEntrySchema>;

export const SnapshotIndexSchema = z
  .object({ schemaVersion: z.literal(1), snapshots: z.array(SnapshotEntrySchema) })
  .strict();
export type SnapshotIndex = z.infer<typeof SnapshotIndexSchema>;

export const emptySnapshotIndex = (): SnapshotIndex => ({ schemaVersion: 1, snapshots: [] });

/** The index file's text read back; a damaged index is refused, naming the file and the field. */
export function parseSnapshotIndex(text: string, where: string): SnapshotIndex {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AppError({
      code: 'snapshot_index_corrupt',
      field: 'index',
      message: `${where} is not valid JSON (${(err as Error).message}); fix or move it away — the snapshot files beside it are untouched.`,
    });
  }
  const parsed = SnapshotIndexSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'index';
    throw new AppError({
      code: 'snapshot_index_corrupt',
      field,
      message: `${where}: ${field} ${issue?.message ?? 'is invalid'}; fix or move it away — the snapshot files beside it are untouched.`,
    });
  }
  return parsed.data;
}

/** The file name a snapshot taken at `time` at `revision` is kept under. */
export function snapshotFileName(time: Date, revision: number): string {
  const stamp = time
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return `etcd-${stamp}-rev${revision}.db`;
}
