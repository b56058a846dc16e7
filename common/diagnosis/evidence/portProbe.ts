/**
 * A TCP connection attempt from one node to another, done with bash's /dev/tcp under coreutils'
 * `timeout` (no tool that a fresh machine may lack). Exit codes: 0 connected; 124 timed out
 * (coreutils timeout(1): "If the command times out … exit with status 124"), what a DROP rule
 * gives; anything else (bash prints "connect: Connection refused" and exits 1) is refused.
 */
export type ProbeResult = 'open' | 'refused' | 'timeout' | 'unknown';

export const PROBE_MARK = 'kubelab-probe-exit=';

/** The command: address and port come through the environment, never spliced into it. */
export const PROBE_COMMAND = `timeout 2 bash -c 'exec 3<>"/dev/tcp/$KL_ADDR/$KL_PORT"' 2>&1; echo "${PROBE_MARK}$?"`;

export function parseProbe(stdout: string): ProbeResult {
  const m = new RegExp(`${PROBE_MARK}(\\d+)`).exec(stdout);
  if (!m) return 'unknown';
  const code = Number(m[1]);
  if (code === 0) return 'open';
  if (code === 124) return 'timeout';
  return /Connection refused/.test(stdout) ? 'refused' : 'unknown';
}
