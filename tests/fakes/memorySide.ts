import { createHash } from 'node:crypto';
import type { FileSide, OpenFile } from '../../main/ssh/transfer/fileSide';

/** What can go wrong on the fake node's end of a transfer. */
export interface MemoryFaults {
  /** The link drops once this many bytes were written (then the fault clears). */
  dropAfterWritten?: number;
  /** The link drops once this many bytes were read (then the fault clears). */
  dropAfterRead?: number;
  /** sha256sum on the node answers this instead of the real sum (a corrupted copy). */
  sha256?: string;
  /** Reads never answer (a stalled link), so only a cancel can end the transfer. */
  stallReads?: boolean;
}

/**
 * A node's files held in memory as a transfer end (the fake SFTP): the same partial naming as a
 * root login's, counts of the bytes read and written, and faults to inject.
 */
export class MemorySide implements FileSide {
  readonly where: string;
  bytesRead = 0;
  bytesWritten = 0;
  faults: MemoryFaults = {};

  constructor(
    readonly nodeId: string,
    readonly files = new Map<string, Buffer>(),
  ) {
    this.where = nodeId;
  }

  async size(path: string): Promise<number | undefined> {
    return this.files.get(path)?.length;
  }

  async open(path: string, how: 'read' | 'create' | 'continue'): Promise<OpenFile> {
    if (how === 'create') this.files.set(path, Buffer.alloc(0));
    if (!this.files.has(path)) throw new Error(`no such file ${path}`);
    return {
      read: async (buffer, length, position) => {
        if (this.faults.stallReads) await new Promise<never>(() => undefined);
        const drop = this.faults.dropAfterRead;
        if (drop !== undefined && this.bytesRead >= drop) {
          this.faults.dropAfterRead = undefined;
          throw new Error('connection lost');
        }
        const data = this.files.get(path) ?? Buffer.alloc(0);
        const n = data.copy(buffer, 0, position, Math.min(data.length, position + length));
        this.bytesRead += n;
        return n;
      },
      write: async (buffer, position) => {
        const drop = this.faults.dropAfterWritten;
        if (drop !== undefined && this.bytesWritten >= drop) {
          this.faults.dropAfterWritten = undefined;
          throw new Error('connection lost');
        }
        let data = this.files.get(path) ?? Buffer.alloc(0);
        if (data.length < position + buffer.length)
          data = Buffer.concat([data, Buffer.alloc(position + buffer.length - data.length)]);
        buffer.copy(data, position);
        this.files.set(path, data);
        this.bytesWritten += buffer.length;
      },
      close: async () => undefined,
    };
  }

  async sha256(path: string): Promise<string> {
    const data = this.files.get(path);
    if (!data) throw new Error(`sha256sum: ${path}: No such file or directory`);
    return this.faults.sha256 ?? createHash('sha256').update(data).digest('hex');
  }

  async commit(partial: string, final: string): Promise<void> {
    const data = this.files.get(partial);
    if (!data) throw new Error(`no such file ${partial}`);
    this.files.set(final, data);
    this.files.delete(partial);
  }

  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }

  partialOf(final: string): string {
    return final.replace(/([^/]*)$/, '.$1.kubelab-part');
  }
}
