import type { OperationId } from '../../common/catalog/operations';
import type { NodeSpec } from '../../common/model/node';
import type { RunState, TaskState } from '../../common/model/runEvent';
import type { Remote } from './remote';
import type { Step } from './step';

/** What an operation is run over: the project's machines and plan. */
export interface RunTarget {
  readonly nodes: readonly NodeSpec[];
  readonly plan: unknown;
}

/** A parameters schema as the run service uses it (a zod schema fits). */
export interface ParamsSchema {
  safeParse(
    raw: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
}

/** What an operation reports from its work before the first step, for one cell's log. */
export interface PreludeReport {
  text: string;
  stepId: string;
  nodeId: string;
}

/**
 * What the back end lends an operation's own work on this computer, before its first step and
 * after its success (an upgrade's etcd snapshot beside the project, the hop's version recorded).
 */
export interface RunHost {
  /** The project file; undefined while the project is not saved. */
  readonly projectFile: string | undefined;
  remoteFor(node: NodeSpec): Remote | Promise<Remote>;
  /** Changes the project's plan as it is now (not as the run found it) and saves the project. */
  updatePlan(change: (plan: unknown) => unknown): Promise<void>;
}

/**
 * An operation as the run service runs it: data only, so the engine knows no operation, step or
 * machine by name (main/operations/operation.ts's OperationDef is one).
 */
export interface RunnableOperation {
  readonly id: OperationId;
  readonly params: ParamsSchema;
  steps(params: unknown, target: RunTarget): readonly Step[];
  nodes?(params: unknown, target: RunTarget): readonly string[] | undefined;
  /** At most this many machines at once (renew-certs: 1); undefined: the service's default. */
  readonly concurrency?: number;
  /**
   * Where its run is recorded: `cluster` — the project's run section, which says which machines
   * the cluster has (install, add-node: a run over some machines adds to it); `own` (default) —
   * a run record of its own beside the project, so it never replaces the cluster's.
   */
  readonly record?: 'cluster' | 'own';
  /**
   * The machines that are no longer in the cluster once it succeeds (a reset: the machines it ran
   * on; remove-node: the removed one only, not the control plane that removed it), or `all` (the
   * cluster is gone). Their tasks leave the cluster's record, so the next install checks them
   * afresh and the faces offer them to join again. Undefined: nobody leaves.
   */
  leaves?(params: unknown, target: RunTarget): readonly string[] | 'all';
  /**
   * Best-effort work before the first step (each start and retry); what it reports is logged on
   * the cell it names once the run has started.
   */
  prelude?(
    params: unknown,
    target: RunTarget,
    remoteFor: (node: NodeSpec) => Remote | Promise<Remote>,
  ): Promise<PreludeReport | undefined>;
  /**
   * The parameters its run records and its steps see, decided from the request's and the project
   * (an upgrade: the user's target becomes this run's hop). Not called again on a retry: the
   * recorded ones are used. A refusal throws an AppError naming `params.<field>`. `host` says
   * where the project is (an etcd backup's folder is the project's, whatever a face asked).
   */
  resolve?(params: unknown, target: RunTarget, host: RunHost): unknown;
  /**
   * Work on this computer before a new run's first step (not on a resume or a retry): a failure
   * refuses the start before any step ran. What it reports is logged once the run has started.
   */
  beforeRun?(params: unknown, target: RunTarget, host: RunHost): Promise<PreludeReport | undefined>;
  /** Work on this computer once the run has succeeded, done before run-finished is heard. */
  afterSuccess?(params: unknown, target: RunTarget, host: RunHost): Promise<void>;
}

/** The run records beside the project: every run of an operation recorded on its own. */
export interface RunRecordStore {
  /** Every recorded run, in no particular order. */
  list(): Promise<RunState[]>;
  /** Writes a run's whole record. */
  save(state: RunState): Promise<void>;
  /**
   * Appends a run's changed tasks after its last whole save (a journal: one small write per
   * transition); absent, every change is a whole save. The tasks are the run's live objects:
   * serialise them at once, copy what is kept.
   */
  append?(runId: string, tasks: readonly TaskState[]): Promise<void>;
}

/** A run record kept in memory (a project without a file, tests). */
export function memoryRunRecords(): RunRecordStore {
  const runs = new Map<string, RunState>();
  return {
    list: async () => [...runs.values()].map((r) => structuredClone(r)),
    save: async (s) => {
      runs.set(s.runId, structuredClone(s));
    },
  };
}
