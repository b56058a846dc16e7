import { AppError } from '../../common/model/appError';
import type { RunOrigin } from '../../common/contracts/runs';
import type { RunState } from '../../common/model/runEvent';
import { historyOf } from '../../common/runs/summarise';
import type { Handlers } from '../api/handlers';
import type { LogSink } from '../engine/logSink';
import { redact } from '../engine/redact';
import { projectRunStateStore, type ProjectStore } from '../store/projectStore';
import { readRunOrigin } from '../store/runOrigins';
import { projectRunRecords } from '../store/runRecords';

type RunsHandlers = Pick<Handlers, 'runs.list' | 'runs.log'>;

/**
 * The run history of the open project (issue 18): the cluster's record and every operation's
 * record, each with who started it; and one cell's log of one named run. Read-only: nothing here
 * changes a record or reaches a machine.
 */
export function createRunsHandlers(store: ProjectStore, logSink?: LogSink): RunsHandlers {
  const allRuns = async (): Promise<RunState[]> => {
    const own = await projectRunStateStore(store).load();
    const records = await projectRunRecords(store).list();
    return own ? [own, ...records] : records;
  };
  return {
    'runs.list': async () => {
      const runs = await allRuns();
      const file = store.path();
      const origins = new Map<string, RunOrigin>();
      for (const r of runs) {
        origins.set(r.runId, file ? await readRunOrigin(file, r.runId) : 'unknown');
      }
      return { runs: historyOf(runs, (id) => origins.get(id) ?? 'unknown') };
    },
    'runs.log': async ({ runId, stepId, nodeId, maxBytes }) => {
      const run = (await allRuns()).find((r) => r.runId === runId);
      if (!run) {
        throw new AppError({
          code: 'not_found',
          field: 'runId',
          message: `This project has no run ${runId}.`,
        });
      }
      if (!run.tasks.some((t) => t.stepId === stepId && t.nodeId === nodeId)) {
        throw new AppError({
          code: 'not_found',
          field: 'stepId',
          message: `Run ${runId} has no step ${stepId} on ${nodeId}.`,
        });
      }
      const tail = await logSink?.tail?.(runId, nodeId, stepId, maxBytes);
      // Logs are redacted as they are written; again here for logs kept before a rule existed.
      return tail
        ? { runId, ...tail, text: redact(tail.text) }
        : { runId: null, text: '', totalBytes: 0, truncated: false };
    },
  };
}
