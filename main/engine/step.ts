import type { NodeRole, NodeSpec } from '../../common/model/node';
import type { Remote } from './remote';

/**
 * How a step is declared. Steps are code (one file per step under main/steps/), their scripts are
 * static bash files, and everything variable reaches the script as environment variables the
 * Remote quotes. The engine decides order, parallelism, retries, timeouts, resume and dry-run;
 * a step only says what it needs, how to tell it is already done, and what to run.
 */

/** Exit code a check script uses to say "needed"; 0 means "already done", anything else fails. */
export const CHECK_NEEDED_EXIT = 100;

export type CheckResult = 'done' | 'needed';
/** A node journal a failure can be classified with: the kubelet's or the container runtime's. */
export type JournalKind = 'kubelet' | 'runtime';
export type StepOutputs = Record<string, string>;

/** The exact thing run on a node; a dry run shows precisely this. */
export interface ScriptSpec {
  /** Bash source (the step's static script file), never with data spliced in. */
  script: string;
  /** Data for the script; the Remote quotes every value. */
  env: Record<string, string>;
  /** Run detached on the node (survives a dropped link; re-attached on resume). Long steps. */
  detached?: boolean;
  /** Run as root (sudo for a non-root user). Default true: installs need root. */
  root?: boolean;
}

/**
 * Which tasks a step waits for. `same-node` waits for `step` on this node only; `all-nodes` waits
 * for it on every node it applies to; a role waits for it on every node of that role (e.g.
 * join-worker waits for kubeadm-init on the control plane). Dependencies must name earlier steps,
 * which keeps the graph acyclic. Steps on one node already run in list order.
 */
export interface StepDependency {
  step: string;
  on: 'same-node' | 'all-nodes' | NodeRole;
}

/** One step on one named node (a cross-node order edge). */
export interface TaskRef {
  step: string;
  nodeId: string;
}

/** What a step function sees: its node, the plan, the remote, and outputs of earlier steps. */
export interface StepContext<Plan = unknown> {
  readonly runId: string;
  readonly node: NodeSpec;
  readonly nodes: readonly NodeSpec[];
  readonly plan: Plan;
  /**
   * The operation's parameters as its run was started with them (main/operations/<id>.ts
   * validates them with its schema), e.g. an upgrade's target version; undefined for the install.
   * A step parses them with the operation's schema before use.
   */
  readonly params: unknown;
  /** The node's Remote. In a dry run without probing it is a refusing stub: don't call it. */
  readonly remote: Remote;
  readonly dryRun: boolean;
  readonly signal: AbortSignal;
  /**
   * Outputs of `stepId` on `nodeId` (default: the single node of a dependency that ran it).
   * Collected again from the node when they were not persisted (secret) or not run this time.
   * In a dry run, unknown values render as `<stepId.key on node>` placeholders.
   */
  outputsOf(stepId: string, nodeId?: string): Promise<StepOutputs>;
  /** A line for this step's log (engine stream), redacted like everything else. */
  log(line: string): void;
}

/*
 * The functions below use method syntax on purpose: it makes a Step<ClusterPlan> assignable to a
 * Step<unknown> list (method parameters are bivariant), so the catalog can be one plain array.
 */
export interface Step<Plan = unknown> {
  /** Stable id: the step file's name, the checklist key, the state key. */
  readonly id: string;
  /** Roles it runs on, or a predicate over node and plan. Omitted: every node. */
  readonly appliesTo?: readonly NodeRole[];
  when?(node: NodeSpec, plan: Plan, nodes: readonly NodeSpec[]): boolean;
  readonly dependsOn?: readonly (string | StepDependency)[];
  /**
   * Run on one node at a time, in inventory order: each node's task waits for the same step on
   * the previous node it applies to. For joins that must not race, e.g. control planes, each of
   * which adds an etcd member (kubeadm's HA guide joins them one after another).
   */
  readonly oneNodeAtATime?: boolean;
  /**
   * Further tasks this step's task on `node` waits for, named by step and node (they may be later
   * steps: a worker's upgrade turn waits for the previous batch's uncordon). The operation keeps
   * them acyclic; a named task outside the run counts as met.
   */
  after?(node: NodeSpec, nodes: readonly NodeSpec[]): readonly TaskRef[];
  /**
   * The machine this step's scripts run on for `node`'s task, when not `node` itself: a drain
   * runs kubectl on a control plane for the node being drained. The task stays `node`'s.
   */
  runsOn?(node: NodeSpec, nodes: readonly NodeSpec[]): NodeSpec | undefined;
  /**
   * Is it already done on this node? Read-only. Omitted: always 'needed'. `scriptCheck()` builds
   * one from a bash script that exits 0 (done) or CHECK_NEEDED_EXIT (needed).
   */
  check?(ctx: StepContext<Plan>): Promise<CheckResult>;
  /** What to run when needed. Pure: may read outputsOf, must not touch the node itself. */
  apply(ctx: StepContext<Plan>): Promise<ScriptSpec> | ScriptSpec;
  /** Throws when the apply did not have the effect promised (runs after apply only). */
  verify?(ctx: StepContext<Plan>): Promise<void>;
  /** Values for later steps, collected after apply or when already done (read-only). */
  outputs?(ctx: StepContext<Plan>): Promise<StepOutputs>;
  /** Output keys that are secrets: kept in memory only, re-collected after a restart. */
  readonly secretOutputs?: readonly string[];
  /** Per attempt (check + apply + verify). Default 10 minutes. */
  readonly timeoutMs?: number;
  /**
   * The node journals a failure of this step is classified with, besides its own output
   * (main/engine/diagnose.ts). Default: the kubelet's. Steps that drive the container runtime
   * (installing it, pulling images, init, join, waiting for Ready) add the runtime's.
   */
  readonly diagnosisJournals?: readonly JournalKind[];
  /** Extra attempts after a failure. Default 0. */
  readonly retries?: number;
  /** First backoff delay; doubles each retry, capped at 30 s. Default 1 s. */
  readonly backoffMs?: number;
  /**
   * False when a failed apply must not be run again automatically (it may have half-changed the
   * node). Failures before the apply started (check, connection) are still retried.
   */
  readonly retrySafe?: boolean;
}

/** A dependency in its long form. */
export function normaliseDependency(dep: string | StepDependency): StepDependency {
  return typeof dep === 'string' ? { step: dep, on: 'same-node' } : dep;
}

/** A check from a read-only bash script: exit 0 = done, CHECK_NEEDED_EXIT = needed, else error. */
export function scriptCheck<Plan>(
  render: (ctx: StepContext<Plan>) => ScriptSpec,
): (ctx: StepContext<Plan>) => Promise<CheckResult> {
  return async (ctx) => {
    const spec = render(ctx);
    const res = await ctx.remote.exec(spec.script, {
      env: spec.env,
      root: spec.root ?? true,
      signal: ctx.signal,
    });
    if (res.code === 0) return 'done';
    if (res.code === CHECK_NEEDED_EXIT) return 'needed';
    throw new Error(`check exited ${res.code}: ${tail(res.stderr || res.stdout)}`);
  };
}

/** The last few lines of output, for error messages that stand alone. */
export function tail(text: string, maxLines = 5, maxChars = 600): string {
  const lines = text.trimEnd().split('\n').slice(-maxLines).join('\n');
  return lines.length > maxChars ? `…${lines.slice(-maxChars)}` : lines;
}
