import { chmod, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../../common/model/appError';
import type { ExportFile } from '../../../common/export/exportModel';

async function entries(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes an export into `dir`. A directory that holds anything is refused unless `force` (which
 * replaces it whole, so no file of an older export survives). The files are written into a
 * sibling temporary directory first and renamed into place: nothing is ever half-written.
 */
export async function writeExport(
  dir: string,
  files: readonly ExportFile[],
  force: boolean,
): Promise<string> {
  const target = resolve(dir);
  const existing = await entries(target);
  if (existing && existing.length > 0 && !force) {
    throw new AppError({
      code: 'export_dir_not_empty',
      field: 'outDir',
      message: `${target} is not empty (${existing.length} entries); choose an empty directory or pass --force to replace it`,
    });
  }
  await mkdir(dirname(target), { recursive: true });
  const tmp = await mkdtemp(join(dirname(target), `.${basename(target)}.kubelab-`));
  try {
    for (const f of files) {
      const path = join(tmp, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content, { mode: f.mode });
      await chmod(path, f.mode);
    }
    if (existing) await rm(target, { recursive: true, force: true });
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  return target;
}
