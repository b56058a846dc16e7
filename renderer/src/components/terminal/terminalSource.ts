/**
 * What a terminal view needs from whatever is behind it (an SSH shell over the contract, a local
 * shell, a test double). Output is flow-controlled: the view calls `ack` with the length of the
 * output it has finished writing (bytes for a Uint8Array, UTF-16 units for text), so a fast
 * `cat` cannot flood the renderer.
 */
export interface TerminalSource {
  /** The user's keystrokes and pastes, to the remote pty. */
  write(data: string): void;
  /** The view's size in cells after a fit, to the remote pty. */
  resize(cols: number, rows: number): void;
  /** Remote output: UTF-8 bytes (xterm.js decodes them, also across chunks) or text. */
  onData(listener: (chunk: TerminalChunk) => void): () => void;
  /** Length of output written since the last ack, in the chunks' own unit. */
  ack(length: number): void;
}

export type TerminalChunk = string | Uint8Array;

export type TerminalStatus = 'connecting' | 'connected' | 'closed' | 'failed';
