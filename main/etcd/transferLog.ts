import type { TransferProgress } from '../engine/remote';

const MIB = 1024 * 1024;

/** "12.5 MiB of 200.0 MiB (6%)": the line a transfer's step log shows. */
export function progressLine(p: TransferProgress): string {
  const pct = p.total > 0 ? Math.floor((p.transferred / p.total) * 100) : 100;
  return `${(p.transferred / MIB).toFixed(1)} MiB of ${(p.total / MIB).toFixed(1)} MiB (${pct}%)`;
}

/**
 * A transfer's progress as step log lines: one a second at most (the run screen's log and the
 * CLI show them as they come), and always the last.
 */
export function byteProgress(
  log: (line: string) => void,
  everyMs = 1000,
  now: () => number = () => performance.now(),
): (p: TransferProgress) => void {
  let last = -Infinity;
  return (p) => {
    const t = now();
    if (p.transferred < p.total && t - last < everyMs) return;
    last = t;
    log(`transferred ${progressLine(p)}`);
  };
}
