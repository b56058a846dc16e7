/**
 * One end of a file transfer: this computer's disk or a node over SFTP. A transfer copies from one
 * side to the other with random-access reads and writes, so the same code moves a file either
 * way, continues a partial at any offset, and the tests drive it with a side held in memory.
 */

/** An open file: reads and writes at absolute positions, several in flight at once. */
export interface OpenFile {
  /** Reads up to `length` bytes at `position` into `buffer`; 0 at the end of the file. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  write(buffer: Buffer, position: number): Promise<void>;
  close(): Promise<void>;
}

export interface FileSide {
  /** Where this side is, for messages ("this computer", a node's name). */
  readonly where: string;
  /** The node's id, for errors that name it; undefined on this computer. */
  readonly nodeId: string | undefined;
  /** The file's size, or undefined when there is none. */
  size(path: string): Promise<number | undefined>;
  /** 'read' an existing file; 'create' (truncate, 0600) or 'continue' (keep its bytes) to write. */
  open(path: string, how: 'read' | 'create' | 'continue'): Promise<OpenFile>;
  sha256(path: string, signal?: AbortSignal): Promise<string>;
  /** Gives the verified partial its final name (and mode), replacing what was there. */
  commit(partial: string, final: string, mode: number): Promise<void>;
  remove(path: string): Promise<void>;
  /** Where this side keeps the partial of `final` (the same name every try, so it can resume). */
  partialOf(final: string): string;
}
