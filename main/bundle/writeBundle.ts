import { rename, rm } from 'node:fs/promises';
import {
  BundleManifestSchema,
  MANIFEST_NAME,
  type BundleManifest,
} from '../../common/bundle/manifest';
import { TarFileWriter } from './tarFile';

/**
 * Writes the bundle: manifest.json first (so inspect and push read it without scanning the
 * file), then every entry in manifest order. `files` maps an entry's path to its staged file on
 * disk. Written to `<out>.partial` and renamed, so a bundle at `out` is always a whole one.
 */
export async function writeBundle(
  out: string,
  manifest: BundleManifest,
  files: ReadonlyMap<string, string>,
): Promise<void> {
  const checked = BundleManifestSchema.parse(manifest);
  const partial = `${out}.partial`;
  await rm(partial, { force: true });
  const tar = await TarFileWriter.create(partial, new Date(checked.createdAt));
  try {
    await tar.addBuffer(MANIFEST_NAME, Buffer.from(`${JSON.stringify(checked, null, 2)}\n`));
    for (const entry of checked.entries) {
      const source = files.get(entry.path);
      if (!source) throw new Error(`no staged file for ${entry.id} (${entry.path})`);
      await tar.addFile(entry.path, source, entry.bytes);
    }
  } catch (err) {
    await tar.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw err;
  }
  await tar.close();
  await rename(partial, out);
}
