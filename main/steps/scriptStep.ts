import type { StepId } from '../../common/catalog/steps';
import type { NodeRole, NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import {
  scriptCheck,
  type ScriptSpec,
  type Step,
  type StepContext,
  type StepDependency,
  type StepOutputs,
  type JournalKind,
} from '../engine/step';
import { remoteScript } from '../remoteScripts/remoteScripts';

export type Mode = 'check' | 'apply';
export type Ctx = StepContext<ClusterPlan>;
export type Env = Record<string, string>;

/**
 * The bash that runs on the node: the shared function library, then the step's own script.
 * Both are static files; data only ever arrives as environment variables.
 */
export function composeScript(body: string): string {
  return `${remoteScript('steps/lib')}\n${body}`;
}

export interface ScriptStepDef {
  id: StepId;
  /** The step's script (main/steps/scripts/<id>.sh). */
  script: string;
  /**
   * The script's environment. `check` runs must stay cheap and read-only, so a step may leave out
   * what only the apply needs (a fetched manifest, a join token).
   */
  env(ctx: Ctx, mode: Mode): Env | Promise<Env>;
  appliesTo?: readonly NodeRole[];
  when?(node: NodeSpec, plan: ClusterPlan, nodes: readonly NodeSpec[]): boolean;
  dependsOn?: readonly (string | StepDependency)[];
  oneNodeAtATime?: boolean;
  after?: Step<ClusterPlan>['after'];
  runsOn?: Step<ClusterPlan>['runsOn'];
  detached?: boolean;
  timeoutMs?: number;
  retries?: number;
  retrySafe?: boolean;
  diagnosisJournals?: readonly JournalKind[];
  outputs?(ctx: Ctx): Promise<StepOutputs>;
  secretOutputs?: readonly string[];
}

/**
 * A step whose check, apply and verify are one script: `KL_MODE=check` exits 0 (done) or 100
 * (needed); `KL_MODE=apply` applies and then runs the same check as its verification.
 */
export function scriptStep(def: ScriptStepDef): Step<ClusterPlan> {
  const script = composeScript(def.script);
  const spec = (env: Env, mode: Mode): ScriptSpec => ({
    script,
    env: { ...env, KL_MODE: mode, KL_STEP: def.id },
    detached: mode === 'apply' ? def.detached : undefined,
  });
  return {
    id: def.id,
    appliesTo: def.appliesTo,
    when: def.when,
    dependsOn: def.dependsOn,
    oneNodeAtATime: def.oneNodeAtATime,
    after: def.after,
    runsOn: def.runsOn,
    timeoutMs: def.timeoutMs,
    retries: def.retries,
    retrySafe: def.retrySafe,
    diagnosisJournals: def.diagnosisJournals,
    secretOutputs: def.secretOutputs,
    check: async (ctx) => {
      const env = await def.env(ctx, 'check');
      return scriptCheck<ClusterPlan>(() => spec(env, 'check'))(ctx);
    },
    apply: async (ctx) => spec(await def.env(ctx, 'apply'), 'apply'),
    outputs: def.outputs,
  };
}
