import type { Remote } from '../engine/remote';

/**
 * A read-only command's output (stdout, then stderr), or '' when the node cannot answer within
 * `ms`. Never throws: evidence that cannot be read is simply missing from the diagnosis.
 */
export async function readOnly(
  remote: Remote,
  command: string,
  ms: number,
  env?: Record<string, string>,
): Promise<string> {
  const signal = AbortSignal.timeout(ms);
  const timedOut = new Promise<string>((resolve) =>
    signal.addEventListener('abort', () => resolve(''), { once: true }),
  );
  const run = remote
    .exec(command, { root: true, timeoutMs: ms, signal, ...(env ? { env } : {}) })
    .then((r) =>
      r.stderr ? `${r.stdout}${r.stdout.endsWith('\n') ? '' : '\n'}${r.stderr}` : r.stdout,
    )
    .catch(() => '');
  return Promise.race([run, timedOut]);
}

/** `p`, or a rejection after `ms` (an SSH connection that never comes must not hold a failure). */
export function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(handle));
}
