import type { TaskState } from '../../../../common/model/runEvent';
import type { CellRef } from '../../components/checklist/types';

/**
 * The failed cells of a run, as one string so a store selector can return it and React compares
 * it by value: the banner then re-renders only when the set of failures changes, not on every
 * batch of status events. Order: the run's node order, then its step order.
 */
export function failedCellsKey(
  tasks: Readonly<Record<string, TaskState>>,
  stepIds: readonly string[],
  nodeIds: readonly string[],
): string {
  const failed = Object.values(tasks).filter((t) => t.status === 'failed');
  const stepOrder = (id: string): number => stepIds.indexOf(id);
  const nodeOrder = (id: string): number => nodeIds.indexOf(id);
  return failed
    .sort(
      (a, b) =>
        nodeOrder(a.nodeId) - nodeOrder(b.nodeId) || stepOrder(a.stepId) - stepOrder(b.stepId),
    )
    .map((t) => `${t.stepId}\t${t.nodeId}`)
    .join('\n');
}

export function parseFailedCells(key: string): CellRef[] {
  if (!key) return [];
  return key.split('\n').map((line) => {
    const [stepId = '', nodeId = ''] = line.split('\t');
    return { stepId, nodeId };
  });
}

/**
 * The root cause each failed cell's diagnosis names, in the UI's language, as one string for the
 * same reason as failedCellsKey (compared by value: no re-render on unrelated events).
 */
export function failedCausesKey(
  tasks: Readonly<Record<string, TaskState>>,
  lang: 'en' | 'zh',
): string {
  return Object.values(tasks)
    .filter((t) => t.status === 'failed' && t.diagnosis)
    .map((t) => `${t.stepId}\t${t.nodeId}\t${t.diagnosis?.title[lang] ?? ''}`)
    .sort()
    .join('\n');
}

/** failedCausesKey back to `<stepId>\t<nodeId>` → the cause's title. */
export function parseFailedCauses(key: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!key) return out;
  for (const line of key.split('\n')) {
    const [stepId = '', nodeId = '', title = ''] = line.split('\t');
    out.set(`${stepId}\t${nodeId}`, title);
  }
  return out;
}
