import { open, type FileHandle } from 'node:fs/promises';
import { BLOCK, fileHeader, padding, parseHeader } from './ustar';

const CHUNK = 1 << 20;

/** Writes a tar file entry by entry; file entries are copied in 1 MiB chunks, never whole. */
export class TarFileWriter {
  private position = 0;

  private constructor(
    private readonly out: FileHandle,
    private readonly mtime: Date,
  ) {}

  /** Creates `path` (which must not exist: `wx`). */
  static async create(path: string, mtime: Date = new Date()): Promise<TarFileWriter> {
    return new TarFileWriter(await open(path, 'wx', 0o644), mtime);
  }

  private async write(data: Buffer): Promise<void> {
    await this.out.write(data, 0, data.length, this.position);
    this.position += data.length;
  }

  async addBuffer(path: string, data: Buffer): Promise<void> {
    await this.write(fileHeader(path, data.length, this.mtime));
    await this.write(data);
    await this.write(Buffer.alloc(padding(data.length)));
  }

  /** Copies `source` as `path`; `size` is what the manifest says, and the file must match it. */
  async addFile(path: string, source: string, size: number): Promise<void> {
    await this.write(fileHeader(path, size, this.mtime));
    const input = await open(source, 'r');
    try {
      const buf = Buffer.alloc(CHUNK);
      let copied = 0;
      for (;;) {
        const { bytesRead } = await input.read(buf, 0, CHUNK, copied);
        if (bytesRead === 0) break;
        copied += bytesRead;
        if (copied > size) break;
        await this.write(buf.subarray(0, bytesRead));
      }
      if (copied !== size) throw new Error(`${source} is ${copied} bytes, expected ${size}`);
    } finally {
      await input.close();
    }
    await this.write(Buffer.alloc(padding(size)));
  }

  async close(): Promise<void> {
    try {
      await this.write(Buffer.alloc(BLOCK * 2));
      await this.out.sync();
    } finally {
      await this.out.close();
    }
  }
}

export interface TarEntryRef {
  path: string;
  size: number;
  type: string;
  /** Where the entry's data starts in the file. */
  offset: number;
}

/** Reads a tar file's entries lazily: headers only; data is read by offset when wanted. */
export async function* tarEntries(file: FileHandle): AsyncGenerator<TarEntryRef> {
  const { size: fileSize } = await file.stat();
  const header = Buffer.alloc(BLOCK);
  let position = 0;
  while (position + BLOCK <= fileSize) {
    const { bytesRead } = await file.read(header, 0, BLOCK, position);
    if (bytesRead < BLOCK) break;
    const parsed = parseHeader(header);
    if (!parsed) return;
    const offset = position + BLOCK;
    if (offset + parsed.size > fileSize) {
      throw new Error(`the tar ends inside ${parsed.path} (truncated file)`);
    }
    yield { ...parsed, offset };
    position = offset + parsed.size + padding(parsed.size);
  }
  throw new Error('the tar has no end-of-archive blocks (truncated file)');
}

/** An entry's data in 1 MiB chunks. */
export async function* entryChunks(file: FileHandle, entry: TarEntryRef): AsyncGenerator<Buffer> {
  const buf = Buffer.alloc(CHUNK);
  let done = 0;
  while (done < entry.size) {
    const want = Math.min(CHUNK, entry.size - done);
    const { bytesRead } = await file.read(buf, 0, want, entry.offset + done);
    if (bytesRead === 0) throw new Error(`short read in ${entry.path}`);
    done += bytesRead;
    yield buf.subarray(0, bytesRead);
  }
}
