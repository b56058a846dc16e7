import { AppError } from '../../common/model/appError';

/**
 * The small set of ways contact with a node can fail (issue 4). Every ssh2, socket and sudo error
 * is mapped to one of these once, where it happens, so the UI and the CLI can say what to do.
 */
export const SSH_ERROR_CODES = [
  'auth_failed',
  /** Nothing to log in with (no stored password, no agent): found before any connection. */
  'credentials_missing',
  'unreachable',
  'refused',
  'timeout',
  'host_key_changed',
  'host_key_unknown',
  'sudo_password_required',
  'sudo_password_wrong',
  'sudo_denied',
  'disk_full',
  'command_failed',
  'connection_lost',
  'cancelled',
  'already_started',
  'no_such_run',
] as const;
export type SshErrorCode = (typeof SSH_ERROR_CODES)[number];

/** Codes after which trying again later may work (the link, not the request, was the problem). */
const TRANSIENT: ReadonlySet<string> = new Set([
  'unreachable',
  'refused',
  'timeout',
  'connection_lost',
]);

export function sshError(code: SshErrorCode, nodeId: string, message: string): AppError {
  return new AppError({ code, nodeId, message });
}

export function isTransient(err: unknown): boolean {
  return err instanceof AppError && TRANSIENT.has(err.code);
}

interface Ssh2LikeError {
  message: string;
  level?: string;
  code?: string;
}

function asErr(err: unknown): Ssh2LikeError {
  if (err instanceof Error) return err as Ssh2LikeError;
  return { message: String(err) };
}

/**
 * Maps an error from connecting (socket, DNS, handshake, auth) to an AppError. Host-key outcomes
 * never reach here: the verifier records them and the connection reports them itself.
 */
export function mapConnectError(err: unknown, nodeId: string, target: string): AppError {
  if (err instanceof AppError) return err;
  const e = asErr(err);
  const code = e.code ?? '';
  if (e.level === 'client-authentication') {
    return sshError(
      'auth_failed',
      nodeId,
      `Authentication failed for ${target}: the server refused every method offered (${e.message}).`,
    );
  }
  if (code === 'ECONNREFUSED') {
    return sshError(
      'refused',
      nodeId,
      `Connection refused by ${target}: is sshd running on that port?`,
    );
  }
  if (
    ['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL'].includes(code) ||
    e.level === 'client-dns'
  ) {
    return sshError('unreachable', nodeId, `Host unreachable: ${target} (${code || e.message}).`);
  }
  if (code === 'ETIMEDOUT' || e.level === 'client-timeout') {
    return sshError('timeout', nodeId, `Timed out connecting to ${target}.`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /closed|reset|ended/i.test(e.message)) {
    return sshError('connection_lost', nodeId, `Connection to ${target} was lost: ${e.message}.`);
  }
  return sshError('unreachable', nodeId, `Could not connect to ${target}: ${e.message}.`);
}

/** The last lines of stderr, enough to explain a failure without flooding the UI. */
export function stderrTail(stderr: string, lines = 12): string {
  const all = stderr.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

/** A failed sudo or command: reads the stderr for the causes users can act on. */
export function mapCommandFailure(
  nodeId: string,
  what: string,
  code: number,
  stderr: string,
): AppError {
  if (/No space left on device/i.test(stderr)) {
    return sshError(
      'disk_full',
      nodeId,
      `${what} failed: the disk is full (No space left on device).`,
    );
  }
  return sshError(
    'command_failed',
    nodeId,
    `${what} exited ${code}${stderr.trim() ? `:\n${stderrTail(stderr)}` : '.'}`,
  );
}
