import type { InstallStepId } from '../catalog/steps';
import type { FixPreview, LocalizedText } from '../model/diagnosis';
import type { CheckResult, CheckSeverity, PreflightNode, PreflightPlan } from '../model/preflight';

/** What a check decides; the evaluator adds the check id and node ids. */
export interface Outcome {
  status: CheckResult['status'];
  severity: CheckSeverity;
  message: LocalizedText;
  evidence: string;
  fix?: FixPreview;
  /** The install step that will make this pass (see CheckResult.fixedBy). */
  fixedBy?: InstallStepId;
}

/** A check of one node against the plan. */
export interface NodeCheck {
  id: string;
  evaluate(node: PreflightNode, plan: PreflightPlan): Outcome;
}

/** A check across all nodes (duplicates of cloned VMs). Returns one result per finding. */
export interface ClusterCheck {
  id: string;
  evaluate(nodes: readonly PreflightNode[], plan: PreflightPlan): CheckResult[];
}

export function pass(severity: CheckSeverity, en: string, zh: string, evidence = ''): Outcome {
  return { status: 'pass', severity, message: { en, zh }, evidence };
}

export function fail(
  severity: CheckSeverity,
  en: string,
  zh: string,
  evidence: string,
  fix?: FixPreview,
): Outcome {
  const outcome: Outcome = { status: 'fail', severity, message: { en, zh }, evidence };
  if (fix) outcome.fix = fix;
  return outcome;
}

/**
 * A problem kubelab's own install step `step` takes care of: a warning that says so, never a
 * block — the admin is not stopped by what kubelab does anyway. The fix stays offered for those
 * who want it done now.
 */
export function fixedByInstall(
  step: InstallStepId,
  en: string,
  zh: string,
  evidence: string,
  fix?: FixPreview,
): Outcome {
  const outcome = fail(
    'warn',
    `${en} kubelab's ${step} step will do this.`,
    `${zh}kubelab 的 ${step} 步骤会处理此项。`,
    evidence,
    fix,
  );
  return { ...outcome, fixedBy: step };
}

/** The facts this check needs were not gathered: say so rather than pass or fail. */
export function unknown(severity: CheckSeverity, what: string, whatZh: string): Outcome {
  return {
    status: 'unknown',
    severity,
    message: { en: `Not checked: ${what} was not reported.`, zh: `未检查：未获取到${whatZh}。` },
    evidence: '',
  };
}

/** `1.18.20` / `v1.30.2` → 18 / 30; NaN when unparsable. */
export function minorOf(version: string): number {
  const m = /^v?1\.(\d+)(\.|$)/.exec(version.trim());
  return m?.[1] ? Number(m[1]) : Number.NaN;
}
