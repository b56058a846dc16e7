import { TASK_STATUSES, type TaskStatus } from '../../../../common/model/runEvent';
import type { RunCell } from '../../../../common/contracts/runs';
import type { TaskLog } from '../../../../common/contracts/install';

/** The catalog's two languages; the UI's `zh-CN` (and any other zh) shows the Chinese titles. */
export type CatalogLang = 'en' | 'zh';

export function catalogLang(uiLanguage: string): CatalogLang {
  return uiLanguage.startsWith('zh') ? 'zh' : 'en';
}

/**
 * A run's cells counted by result, in the engine's status order (waiting … cancelled) so every
 * row of the history reads the same way round; statuses no cell has are left out.
 */
export function countByStatus(
  cells: readonly Pick<RunCell, 'status'>[],
): { status: TaskStatus; count: number }[] {
  return TASK_STATUSES.map((status) => ({
    status,
    count: cells.filter((c) => c.status === status).length,
  })).filter((c) => c.count > 0);
}

/** What the log pane of one cell shows while its log loads, failed to load, or has arrived. */
export type LogPane =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'none' }
  | { kind: 'text'; text: string; truncatedOf?: number };

export function logPane(log: TaskLog | undefined, error: string | undefined): LogPane {
  if (error !== undefined) return { kind: 'error', message: error };
  if (log === undefined) return { kind: 'loading' };
  // runs.log answers runId null when no log was kept for the cell (a skipped step, a purged dir).
  if (log.runId === null) return { kind: 'none' };
  return log.truncated
    ? { kind: 'text', text: log.text, truncatedOf: log.totalBytes }
    : { kind: 'text', text: log.text };
}
