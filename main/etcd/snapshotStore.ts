/**
 * The snapshots folder beside a project file: `kubelab.yaml` → `kubelab.snapshots/`, holding the
 * downloaded `.db` files and `index.json` (common/etcd/snapshotIndex.ts). The index is written
 * atomically (temp file, fsync, rename), so a crash leaves the old list or the new one.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, dirname, extname, join } from 'node:path';
import {
  emptySnapshotIndex,
  parseSnapshotIndex,
  type SnapshotEntry,
  type SnapshotIndex,
} from '../../common/etcd/snapshotIndex';
import { atomicWrite } from '../store/atomicWrite';

export function snapshotFolder(projectFile: string): string {
  const name = basename(projectFile, extname(projectFile));
  return join(dirname(projectFile), `${name}.snapshots`);
}

const indexPath = (folder: string): string => join(folder, 'index.json');

/** The folder's index; an absent index is an empty list, a damaged one an error naming it. */
export async function readSnapshotIndex(folder: string): Promise<SnapshotIndex> {
  const file = indexPath(folder);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptySnapshotIndex();
    throw err;
  }
  return parseSnapshotIndex(text, file);
}

/** Adds an entry (read, append, atomic rewrite). */
export async function recordSnapshot(folder: string, entry: SnapshotEntry): Promise<void> {
  const index = await readSnapshotIndex(folder);
  index.snapshots.push(entry);
  await atomicWrite(indexPath(folder), `${JSON.stringify(index, null, 2)}\n`, 0o600);
}

/** SHA-256 (hex) and size of a local file, read as a stream. */
export async function fileDigest(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), size: (await stat(path)).size };
}
