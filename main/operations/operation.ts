import type { z } from 'zod';
import type { OperationId } from '../../common/catalog/operations';
import type { NodeSpec } from '../../common/model/node';
import type { PreludeReport, RunHost, RunnableOperation, RunTarget } from '../engine/runnable';
import type { Remote } from '../engine/remote';
import type { Step } from '../engine/step';

/** What an operation is run over: the project's machines and plan (the run service's target). */
export type OperationTarget = RunTarget;

/**
 * One cluster operation as the back end runs it (its catalog entry, titles and confirmation, is
 * common/catalog/operations.ts). An operation is data for the one run service: which steps, over
 * which machines, with which validated parameters. The engine knows no operation by name; a new
 * operation is its catalog entry, this file, its steps and scripts, and its translations.
 */
export interface OperationDef<P = unknown> extends Pick<
  RunnableOperation,
  'concurrency' | 'record'
> {
  readonly id: OperationId;
  /**
   * Its parameters, validated before anything reaches a machine (errors name `params.<field>`).
   * They reach every step as `ctx.params`.
   */
  readonly params: z.ZodType<P>;
  /** The steps it runs, in order (ids and titles in common/catalog/steps.ts). */
  steps(params: P, target: OperationTarget): readonly Step[];
  /** The machines it runs on; undefined: every machine its steps apply to. */
  nodes?(params: P, target: OperationTarget): readonly string[] | undefined;
  /** The machines no longer in the cluster once it succeeds (see RunnableOperation.leaves). */
  leaves?(params: P, target: OperationTarget): readonly string[] | 'all';
  /** Best-effort work before the first step (a drain), reported on one cell's log. */
  prelude?(
    params: P,
    target: OperationTarget,
    remoteFor: (node: NodeSpec) => Remote | Promise<Remote>,
  ): Promise<PreludeReport | undefined>;
  /** The parameters its run records, from the request's and the project (RunnableOperation.resolve). */
  resolve?(params: P, target: OperationTarget, host: RunHost): P;
  /** Work on this computer before a new run's first step; a failure refuses the start. */
  beforeRun?(params: P, target: OperationTarget, host: RunHost): Promise<PreludeReport | undefined>;
  /** Work on this computer once the run has succeeded (the project's plan updated…). */
  afterSuccess?(params: P, target: OperationTarget, host: RunHost): Promise<void>;
}
