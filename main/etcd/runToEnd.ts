/**
 * A contract request that starts an operation through `run.start` and answers when the run has
 * finished (etcd.backup, etcd.restore): the run is the one run service's, recorded and resumable
 * like any other; this only waits for its `install.event` run-finished and passes its events on.
 */
import type { OperationId } from '../../common/catalog/operations';
import type { RunEvent, RunResult } from '../../common/model/runEvent';
import type { EventBus } from '../api/eventBus';

export interface RunStart {
  operation: OperationId;
  params: unknown;
  confirm?: string;
}

/** `run.start` as the back end answers it (main/handlers/runHandlers.ts). */
export type StartRun = (req: RunStart) => Promise<{ runId: string; result?: RunResult }>;

export async function runToEnd(
  bus: Pick<EventBus, 'subscribe'>,
  start: StartRun,
  req: RunStart,
  onEvent?: (event: RunEvent) => void,
): Promise<RunResult> {
  // Subscribed before the start: a short run may finish before start() returns.
  const finished = new Map<string, RunResult>();
  let runId: string | undefined;
  let wake: (() => void) | undefined;
  const stop = bus.subscribe((name, payload) => {
    if (name !== 'install.event') return;
    const event = payload as RunEvent;
    if (runId === undefined || event.runId === runId) onEvent?.(event);
    if (event.type === 'run-finished') {
      finished.set(event.runId, event.result);
      wake?.();
    }
  });
  try {
    const started = await start(req);
    runId = started.runId;
    if (started.result) return started.result;
    for (;;) {
      const result = finished.get(started.runId);
      if (result) return result;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stop();
  }
}
