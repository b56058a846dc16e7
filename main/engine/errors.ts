import { AppError, toAppErrorData, type AppErrorData } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import { redact } from './redact';

/** Codes from the SSH layer after which the same request may work again (the link failed). */
const TRANSIENT = new Set(['unreachable', 'refused', 'timeout', 'connection_lost']);

/** The SSH layer's refusal to start a detached ref twice: the run exists, so follow it. */
export const ALREADY_STARTED = 'already_started';

/** The node has no such detached run (proposed SSH-layer code): nothing to re-attach to. */
export const NO_SUCH_RUN = 'no_such_run';

export function isTransient(err: unknown): boolean {
  if (hasCode(err, NO_SUCH_RUN)) return false;
  return !(err instanceof AppError) || TRANSIENT.has(err.code);
}

/**
 * Codes from the SSH layer that no retry can change: the node's identity or the credentials are
 * wrong, and only the user can decide (re-pin the key, fix the password). Retrying a changed host
 * key would also hand a possible man in the middle more chances. Such a failure ends that node's
 * task at once, with the SSH layer's (OpenSSH's) wording; other nodes go on.
 */
const TERMINAL: ReadonlySet<string> = new Set([
  'host_key_changed',
  'host_key_unknown',
  'auth_failed',
  'credentials_missing',
  'sudo_password_required',
  'sudo_password_wrong',
  'sudo_denied',
]);

export function isTerminal(err: unknown): boolean {
  return err instanceof AppError && TERMINAL.has(err.code);
}

export function hasCode(err: unknown, code: string): boolean {
  return err instanceof AppError && err.code === code;
}

/**
 * Wraps an error once, where it happened, with its step and node: `kubeadm-init on master1: …`.
 * An error that already names its step is returned as is (never wrapped twice); secrets in the
 * message are redacted because it goes to the UI, the state file and the log.
 */
export function stepError(
  err: unknown,
  stepId: string,
  node: NodeSpec,
  code = 'step_failed',
): AppError {
  if (err instanceof AppError && err.stepId) return err;
  const data = toAppErrorData(err);
  const prefix = `${stepId} on ${node.name}`;
  const message = data.message.startsWith(prefix) ? data.message : `${prefix}: ${data.message}`;
  return new AppError({
    code: data.code === 'internal' ? code : data.code,
    message: redact(message),
    nodeId: node.id,
    stepId,
  });
}

/** `kubeadm-init on master1 exited 1: <tail>` */
export function exitError(
  stepId: string,
  node: NodeSpec,
  exitCode: number,
  tailText: string,
): AppError {
  const detail = tailText.trim() ? `: ${tailText.trim()}` : '';
  return new AppError({
    code: 'step_exit',
    message: redact(`${stepId} on ${node.name} exited ${exitCode}${detail}`),
    nodeId: node.id,
    stepId,
  });
}

/** "failed on 2 nodes: node1: …; node2: …" — every failed node, never the first only. */
export function aggregateError(
  failures: readonly { nodeId: string; error: AppErrorData }[],
): AppErrorData | undefined {
  if (failures.length === 0) return undefined;
  const nodes = new Set(failures.map((f) => f.nodeId));
  const parts = failures.map((f) => `${f.nodeId}: ${f.error.message}`);
  return {
    code: 'install_failed',
    message: `failed on ${nodes.size} node${nodes.size === 1 ? '' : 's'}: ${parts.join('; ')}`,
  };
}
