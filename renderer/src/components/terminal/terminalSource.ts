/**
 * What a terminal view needs from whatever is behind it (an SSH shell over the contract, a local
 * shell, a test double). Output is flow-controlled: the view calls `ack` with the number of
 * characters it has finished drawing, so a fast `cat` cannot flood the renderer.
 */
export interface TerminalSource {
  /** The user's keystrokes and pastes, to the remote pty. */
  write(data: string): void;
  /** The view's size in cells after a fit, to the remote pty. */
  resize(cols: number, rows: number): void;
  /** Remote output; returns an unsubscribe. */
  onData(listener: (chunk: string) => void): () => void;
  /** Characters of output drawn since the last ack. */
  ack(chars: number): void;
}

export type TerminalStatus = 'connecting' | 'connected' | 'closed' | 'failed';
