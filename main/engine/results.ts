import type { AppErrorData } from '../../common/model/appError';
import type { NodeOutcome, RenderedTask, RunResult, TaskState } from '../../common/model/runEvent';
import { aggregateError } from './errors';
import type { Task } from './graph';

/**
 * Per-node results of a run: a node failed if any of its tasks failed, was cancelled or skipped
 * if any was, already-done if nothing needed doing, else done. Every failure is kept.
 */
export function summarise(
  runId: string,
  dryRun: boolean,
  tasks: readonly Task[],
  byKey: ReadonlyMap<string, TaskState>,
  cancelled: boolean,
  rendered?: RenderedTask[],
): RunResult {
  const perNode = new Map<string, TaskState[]>();
  for (const task of tasks) {
    const t = byKey.get(task.key);
    if (!t) continue;
    const list = perNode.get(task.node.id) ?? [];
    list.push(t);
    perNode.set(task.node.id, list);
  }
  const nodes: NodeOutcome[] = [];
  const failures: { nodeId: string; error: AppErrorData }[] = [];
  for (const [nodeId, list] of perNode) {
    const errors = list.flatMap((t) => (t.status === 'failed' && t.error ? [t.error] : []));
    for (const error of errors) failures.push({ nodeId, error });
    nodes.push({ nodeId, status: nodeStatus(list), errors });
  }
  const error = aggregateError(failures);
  const outcome = cancelled
    ? 'cancelled'
    : nodes.some((n) => n.status !== 'done' && n.status !== 'already-done')
      ? 'failed'
      : 'succeeded';
  const result: RunResult = { runId, dryRun, outcome, nodes };
  if (error) result.error = error;
  else if (outcome === 'failed') {
    const skipped = nodes.filter((n) => n.status === 'skipped').map((n) => n.nodeId);
    result.error = { code: 'install_incomplete', message: `not finished on ${skipped.join(', ')}` };
  }
  if (rendered) result.rendered = rendered;
  return result;
}

function nodeStatus(list: readonly TaskState[]): NodeOutcome['status'] {
  if (list.some((t) => t.status === 'failed')) return 'failed';
  if (
    list.some((t) => t.status === 'cancelled' || t.status === 'pending' || t.status === 'running')
  )
    return 'cancelled';
  if (list.some((t) => t.status === 'skipped' && t.skipReason !== 'user')) return 'skipped';
  if (list.every((t) => t.status === 'already-done' || t.status === 'skipped'))
    return 'already-done';
  return 'done';
}
