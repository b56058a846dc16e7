import type { TransferProgress } from '../engine/remote';

const MIB = 1024 * 1024;

/**
 * "transferred 13107200 of 209715200 bytes (12.5 MiB of 200.0 MiB, 6%)": the line a transfer's
 * step log shows; the exact counts let a face draw a bar from the log (parseProgressLine).
 */
export function progressLine(p: TransferProgress): string {
  const pct = p.total > 0 ? Math.floor((p.transferred / p.total) * 100) : 100;
  const mib = `${(p.transferred / MIB).toFixed(1)} MiB of ${(p.total / MIB).toFixed(1)} MiB`;
  return `transferred ${p.transferred} of ${p.total} bytes (${mib}, ${pct}%)`;
}

/** The last progress line in a chunk of step log, if any. */
export function parseProgressLine(chunk: string): TransferProgress | undefined {
  const all = [...chunk.matchAll(/^transferred (\d+) of (\d+) bytes /gm)];
  const m = all.at(-1);
  return m ? { transferred: Number(m[1]), total: Number(m[2]) } : undefined;
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
    log(progressLine(p));
  };
}
