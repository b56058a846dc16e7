import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BundleEntry, BundleManifest } from '../../common/bundle/manifest';
import { AppError } from '../../common/model/appError';
import { sha256OfFile } from '../ssh/transfer/localSide';
import { assertFreeSpace } from './diskSpace';
import { readManifest } from './inspectBundle';
import { entryChunks, tarEntries, type TarEntryRef } from './tarFile';

/** Where a push unpacks the entries it sends: beside the bundle, kept to resume a push. */
export const pushStagingFor = (bundle: string): string => `${bundle}.push`;

/** A bundle's manifest and where each entry's data is in the tar. */
export async function readBundle(
  path: string,
): Promise<{ manifest: BundleManifest; refs: Map<string, TarEntryRef> }> {
  const file = await open(path, 'r').catch((err: unknown) => {
    throw new AppError({
      code: 'not_found',
      field: 'path',
      message: `cannot open ${path}: ${(err as Error).message}`,
    });
  });
  try {
    const refs = new Map<string, TarEntryRef>();
    let manifest: BundleManifest | undefined;
    for await (const entry of tarEntries(file)) {
      if (!manifest) {
        manifest = await readManifest(path, entry, async (e) => {
          const buf = Buffer.alloc(e.size);
          await file.read(buf, 0, e.size, e.offset);
          return buf;
        });
        continue;
      }
      refs.set(entry.path, entry);
    }
    if (!manifest)
      throw new AppError({ code: 'invalid_bundle', field: 'path', message: `${path} is empty` });
    return { manifest, refs };
  } finally {
    await file.close();
  }
}

async function alreadyStaged(dest: string, e: BundleEntry): Promise<boolean> {
  const s = await stat(dest).catch(() => undefined);
  return s?.size === e.bytes && (await sha256OfFile(dest)) === e.sha256;
}

/**
 * Unpacks `entries` of the bundle into `dir` under their bundle paths, each checked against the
 * manifest's SHA-256 while it is written (a damaged bundle is named by artifact before any node
 * gets a byte of it). SFTP sends a file by path and resumes by offset, so each artifact is a
 * file of its own on this side; one already there whole is kept. Returns each entry's local path.
 */
export async function stageEntries(
  bundle: string,
  refs: ReadonlyMap<string, TarEntryRef>,
  entries: readonly BundleEntry[],
  dir: string,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const local = new Map<string, string>();
  const todo: BundleEntry[] = [];
  for (const e of entries) {
    const dest = join(dir, e.path);
    local.set(e.path, dest);
    if (!(await alreadyStaged(dest, e))) todo.push(e);
  }
  if (todo.length === 0) return local;
  await mkdir(dir, { recursive: true });
  await assertFreeSpace(
    dir,
    todo.reduce((n, e) => n + e.bytes, 0),
    'path',
  );
  const file = await open(bundle, 'r');
  try {
    for (const e of todo) {
      signal?.throwIfAborted();
      const ref = refs.get(e.path);
      if (!ref || ref.size !== e.bytes)
        throw new AppError({
          code: 'invalid_bundle',
          field: 'path',
          message: `${e.id}: ${e.path} is ${ref ? `${ref.size} bytes in the bundle, the manifest says ${e.bytes}` : 'missing from the bundle'}`,
        });
      const dest = local.get(e.path) as string;
      await mkdir(dirname(dest), { recursive: true });
      const part = `${dest}.part`;
      const out = await open(part, 'w', 0o600);
      const hash = createHash('sha256');
      try {
        for await (const chunk of entryChunks(file, ref)) {
          hash.update(chunk);
          await out.write(chunk);
        }
      } finally {
        await out.close();
      }
      const sum = hash.digest('hex');
      if (sum !== e.sha256) {
        await rm(part, { force: true });
        throw new AppError({
          code: 'invalid_bundle',
          field: 'path',
          message: `${e.id}: ${e.path} has SHA-256 ${sum} in the bundle, the manifest says ${e.sha256}; the bundle is damaged (kubelab bundle inspect names every such entry)`,
        });
      }
      await rename(part, dest);
    }
  } finally {
    await file.close();
  }
  return local;
}
