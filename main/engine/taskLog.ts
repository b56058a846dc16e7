import type { TaskLog } from '../../common/contracts/install';
import type { LogSink } from './logSink';

/** How many older runs are searched for a task's log before giving up. */
const MAX_RUNS_SEARCHED = 50;

/**
 * A task's log for the install screen (install.log): from the first of `preferred` runs that has
 * one (the active run, the recorded one), else from the newest earlier run that does — a run over
 * some machines keeps the other machines' tasks from the runs that did them. Ids come from the
 * contract's schemas and the sink checks them again; the renderer never names a path.
 */
export async function readTaskLog(
  sink: LogSink | undefined,
  preferred: readonly (string | undefined)[],
  nodeId: string,
  stepId: string,
  maxBytes: number,
): Promise<TaskLog> {
  const none: TaskLog = { runId: null, text: '', totalBytes: 0, truncated: false };
  if (!sink?.tail) return none;
  const first = preferred.filter((r): r is string => r !== undefined);
  const tried = new Set<string>();
  const tryRun = async (runId: string): Promise<TaskLog | undefined> => {
    if (tried.has(runId)) return undefined;
    tried.add(runId);
    const tail = await sink.tail?.(runId, nodeId, stepId, maxBytes);
    return tail && { runId, ...tail };
  };
  for (const runId of first) {
    const found = await tryRun(runId);
    if (found) return found;
  }
  const older = (await sink.runIds?.()) ?? [];
  for (const runId of older.slice(0, MAX_RUNS_SEARCHED)) {
    const found = await tryRun(runId);
    if (found) return found;
  }
  return none;
}
