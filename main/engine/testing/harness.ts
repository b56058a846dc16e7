import type { RunEvent, RunState } from '../../../common/model/runEvent';
import { MemoryLogSink } from '../logSink';
import type { RunOptions } from '../runner';
import { exampleSteps, type ExamplePlan } from './exampleSteps';
import { scriptedLab, threeNodes } from './scriptedLab';

export const examplePlan: ExamplePlan = { version: '1.30.2', podCidr: '10.10.0.0/16' };

/** Calls a dry run or a re-run may make: checks and reading the join command. */
export const readOnly = /# (check:|print-join-command)/;

export interface Harness extends ReturnType<typeof scriptedLab> {
  opts: RunOptions;
  events: RunEvent[];
  sink: MemoryLogSink;
  saved: RunState[];
}

/** The example steps on master1, worker1, worker2 of a scripted lab, recording everything. */
export function harness(extra?: Parameters<typeof scriptedLab>[0]): Harness {
  const lab = scriptedLab(extra);
  const events: RunEvent[] = [];
  const sink = new MemoryLogSink();
  const saved: RunState[] = [];
  const opts: RunOptions = {
    steps: exampleSteps,
    nodes: threeNodes(),
    plan: examplePlan,
    remoteFor: lab.lab.remoteFor,
    emit: (e) => events.push(e),
    logSink: sink,
    saveState: async (s) => {
      saved.push(s);
    },
    reattach: { limit: 3, backoffMs: 1 },
  };
  return { ...lab, opts, events, sink, saved };
}

/** `step@node` of every task-state event (with that status). */
export function transitions(events: readonly RunEvent[], status?: string): string[] {
  return events.flatMap((e) =>
    e.type === 'task-state' && (!status || e.status === status) ? [`${e.stepId}@${e.nodeId}`] : [],
  );
}
