import type { RunResult } from '../../common/model/runEvent';

/**
 * The two things every CLI command shares: what it writes to (stdout, stderr, whether stdout is a
 * terminal) and, for a run, the exit status. Run commands start their operation through the
 * contract (contractRun.ts); this file holds no run logic.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  tty: boolean;
}

export const processIo = (): CliIo => ({
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  tty: process.stdout.isTTY === true,
});

/** The exit status for a run: 0 succeeded, 1 failed, 130 cancelled. */
export function exitCodeOf(result: RunResult): number {
  if (result.outcome === 'succeeded') return 0;
  return result.outcome === 'cancelled' ? 130 : 1;
}
