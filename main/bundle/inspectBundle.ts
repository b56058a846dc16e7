import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import {
  BundleManifestSchema,
  MANIFEST_NAME,
  type BundleManifest,
} from '../../common/bundle/manifest';
import type { BundleEntryCheck, BundleInspection } from '../../common/contracts/bundle';
import { AppError } from '../../common/model/appError';
import { entryChunks, tarEntries, type TarEntryRef } from './tarFile';

/** A manifest larger than this is not one kubelab wrote (thousands of entries fit in 4 MiB). */
const MAX_MANIFEST_BYTES = 4 << 20;

function notABundle(path: string, why: string): AppError {
  return new AppError({
    code: 'invalid_bundle',
    field: 'path',
    message: `${path} is not a kubelab bundle: ${why}`,
  });
}

export async function readManifest(
  path: string,
  first: TarEntryRef | undefined,
  read: (entry: TarEntryRef) => Promise<Buffer>,
): Promise<BundleManifest> {
  if (!first || first.path !== MANIFEST_NAME) {
    throw notABundle(path, `its first entry is ${first?.path ?? 'missing'}, not ${MANIFEST_NAME}`);
  }
  if (first.size > MAX_MANIFEST_BYTES) throw notABundle(path, `${MANIFEST_NAME} is too large`);
  let json: unknown;
  try {
    json = JSON.parse((await read(first)).toString('utf8'));
  } catch {
    throw notABundle(path, `${MANIFEST_NAME} is not JSON`);
  }
  const parsed = BundleManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw notABundle(
      path,
      `${MANIFEST_NAME} ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

/**
 * Lists a bundle and verifies every entry against its manifest: size, then SHA-256 over the
 * bytes in the tar. A corrupted byte shows as the one entry whose digest differs, by artifact id.
 */
export async function inspectBundle(path: string): Promise<BundleInspection> {
  const file = await open(path, 'r').catch((err: unknown) => {
    throw new AppError({
      code: 'not_found',
      field: 'path',
      message: `cannot open ${path}: ${(err as Error).message}`,
    });
  });
  try {
    const { size: fileBytes } = await file.stat();
    const read = async (entry: TarEntryRef): Promise<Buffer> => {
      const buf = Buffer.alloc(entry.size);
      await file.read(buf, 0, entry.size, entry.offset);
      return buf;
    };
    const found = new Map<string, BundleEntryCheck>();
    const unlisted: string[] = [];
    let manifest: BundleManifest | undefined;
    try {
      for await (const entry of tarEntries(file)) {
        if (!manifest) {
          manifest = await readManifest(path, entry, read);
          continue;
        }
        const listed = manifest.entries.find((e) => e.path === entry.path);
        if (!listed || found.has(entry.path)) {
          unlisted.push(entry.path);
          continue;
        }
        found.set(entry.path, await check(file, entry, listed));
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw notABundle(path, (err as Error).message);
    }
    if (!manifest) throw notABundle(path, 'it holds no entries');
    const checks = manifest.entries.map(
      (e): BundleEntryCheck =>
        found.get(e.path) ?? { id: e.id, path: e.path, bytes: e.bytes, state: 'missing' },
    );
    const ok = unlisted.length === 0 && checks.every((c) => c.state === 'ok');
    return { manifest, fileBytes, checks, unlisted, ok };
  } finally {
    await file.close();
  }
}

async function check(
  file: Parameters<typeof entryChunks>[0],
  entry: TarEntryRef,
  listed: BundleManifest['entries'][number],
): Promise<BundleEntryCheck> {
  const base = { id: listed.id, path: listed.path, bytes: listed.bytes };
  if (entry.size !== listed.bytes) {
    return {
      ...base,
      state: 'size-mismatch',
      detail: `${entry.size} bytes in the tar, the manifest says ${listed.bytes}`,
    };
  }
  const hash = createHash('sha256');
  for await (const chunk of entryChunks(file, entry)) hash.update(chunk);
  const sha256 = hash.digest('hex');
  if (sha256 === listed.sha256) return { ...base, state: 'ok' };
  return {
    ...base,
    state: 'corrupt',
    detail: `sha256 ${sha256}, the manifest says ${listed.sha256}`,
  };
}
