import type { AppErrorData } from '../../common/model/appError';
import type { TaskState, TaskStatus } from '../../common/model/runEvent';
import type { Attempt } from './attemptGuard';
import type { Task } from './graph';
import type { Remote } from './remote';
import type { StepContext, StepOutputs } from './step';

export type LogStream = 'stdout' | 'stderr' | 'engine';

/** What the runner gives the code that runs one task; keeps the executor free of scheduling. */
export interface TaskRuntime {
  readonly task: Task;
  readonly state: TaskState;
  /** What the task renders to for this run's plan and nodes (fingerprint.ts); none if unrenderable. */
  fingerprint(): Promise<string | undefined>;
  readonly runId: string;
  /** The run's cancel signal (not the attempt's timeout). */
  readonly runSignal: AbortSignal;
  readonly reattach: { limit: number; backoffMs: number };
  /** Starts an attempt that must end within `ms` (the run's one deadline check, attemptGuard.ts). */
  attempt(ms: number): Attempt;
  remote(): Promise<Remote>;
  context(signal: AbortSignal): Promise<StepContext>;
  /** Sets the status, emits a task-state event and persists; resolves once saved. */
  transition(
    status: TaskStatus,
    extra?: { error?: AppErrorData; durationMs?: number },
  ): Promise<void>;
  /** Persists the state as it is now (before a detached start, after its exit). */
  save(): Promise<void>;
  /** Persists soon (a detached log offset moved). */
  saveSoon(): void;
  /** Appends to the task's log and emits a log event; redacts. */
  log(stream: LogStream, text: string): void;
  /** The last lines logged, for error messages. */
  logTail(): string;
  setOutputs(outputs: StepOutputs): void;
}
