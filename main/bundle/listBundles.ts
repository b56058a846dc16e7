import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleList } from '../../common/contracts/bundle';

const STAGING = '.staging';

/**
 * What a bundles folder holds: the `.tar` files (newest first) and the builds interrupted with
 * their downloads kept in `<name>.tar.staging/`. A folder not created yet holds nothing.
 */
export async function listBundles(folder: string): Promise<BundleList> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { folder, bundles: [], staged: [] };
    throw err;
  }
  const bundles: BundleList['bundles'] = [];
  const staged: string[] = [];
  for (const name of names.sort()) {
    const path = join(folder, name);
    const info = await stat(path);
    if (info.isDirectory() && name.endsWith(`.tar${STAGING}`)) {
      staged.push(name.slice(0, -STAGING.length));
    } else if (info.isFile() && name.endsWith('.tar')) {
      bundles.push({ name, path, bytes: info.size, modifiedAt: info.mtime.toISOString() });
    }
  }
  bundles.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
  return { folder, bundles, staged };
}
