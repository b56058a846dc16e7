import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, open, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { FileSide, OpenFile } from './fileSide';

/** Hashes a file as a stream: a 2 GiB snapshot is never held in memory. */
export async function sha256OfFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash, { signal });
  return hash.digest('hex');
}

/** This computer's disk as one end of a transfer; partials are `<file>.part` beside the file. */
export const localSide: FileSide = {
  where: 'this computer',
  nodeId: undefined,
  async size(path) {
    const s = await stat(path).catch(() => undefined);
    return s?.isFile() ? s.size : undefined;
  },
  async open(path, how): Promise<OpenFile> {
    const flags = how === 'read' ? 'r' : how === 'create' ? 'w' : 'r+';
    const fh = await open(path, flags, 0o600);
    return {
      read: async (buffer, length, position) =>
        (await fh.read(buffer, 0, length, position)).bytesRead,
      write: async (buffer, position) => {
        let off = 0;
        while (off < buffer.length)
          off += (await fh.write(buffer, off, buffer.length - off, position + off)).bytesWritten;
      },
      close: () => fh.close(),
    };
  },
  sha256: sha256OfFile,
  async commit(partial, final, mode) {
    await chmod(partial, mode);
    await rename(partial, final);
  },
  remove: (path) => rm(path, { force: true }),
  partialOf: (final) => `${final}.part`,
};
