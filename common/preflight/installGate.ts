import type { RunState } from '../model/runEvent';

/**
 * Whether an install start runs preflight first (and stops at a blocker unless the user says
 * "install anyway" / `--ignore-preflight`): only before anything was installed. Once a task of the
 * recorded run ran, the machines carry the install's own state (port 6443 in use, manifests,
 * kubelet.conf) that preflight rightly reports as taken, so a resume or a converge is not gated.
 */
export function preflightGatesInstall(state: Pick<RunState, 'tasks'> | null | undefined): boolean {
  return !state || state.tasks.every((t) => t.status === 'pending' || t.status === 'cancelled');
}

/**
 * Whether a kept preflight run stands in for a new one before an install: fresh (recent, same
 * nodes and plan) and passing. A run with blockers is always checked again, since the admin may
 * have fixed the machines by hand since.
 */
export function reusableForInstall(
  run: { report: { ok: boolean } } | null,
  fresh: boolean,
): boolean {
  return run !== null && fresh && run.report.ok;
}
