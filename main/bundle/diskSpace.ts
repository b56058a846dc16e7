import { statfs } from 'node:fs/promises';
import { AppError } from '../../common/model/appError';

/** Bytes an unprivileged user may still write on the file system holding `dir` (statfs bavail). */
export type FreeBytes = (dir: string) => Promise<number>;

export const statfsFreeBytes: FreeBytes = async (dir) => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

/**
 * Refuses before writing when `dir`'s file system cannot hold `needed` bytes (issue 22: "a full
 * disk on the desktop … is caught before writing"), naming the folder and both numbers.
 */
export async function assertFreeSpace(
  dir: string,
  needed: number,
  field: string,
  free: FreeBytes = statfsFreeBytes,
): Promise<void> {
  const available = await free(dir);
  if (available >= needed) return;
  throw new AppError({
    code: 'bundle_no_space',
    field,
    message: `not enough free space in ${dir}: ${needed} bytes needed, ${available} free`,
  });
}
