import { AppError } from '../../common/model/appError';
import { NodeSpecSchema, type NodeSpec } from '../../common/model/node';
import { ClusterPlanSchema, type FieldError } from '../../common/model/plan';
import { validatePlan } from '../../common/plan/validatePlan';
import { haInstallRefusal } from './haInstallRefusal';
import { fieldPath } from '../../common/validation';
import { validateNode } from '../nodes/inventoryValidation';

/**
 * The one check every entry into a run passes before anything reaches a node, whatever the face:
 * `run.start` (every operation), `install.retry`, `preflight.run`, `preflight.fix`,
 * `diagnosis.applyFix`, the CLI's apply, add-node and reset, and the Ansible export
 * (export/exportService.ts: an export carries the same plan and nodes to the machines, by another
 * tool). A project file is only parsed on open (its schema), so a file
 * edited by hand, or a plan kept from before a rule existed, still has to pass here: the plan
 * against the catalog and the inventory (validatePlan), and every node as the inventory would
 * have refused it when it was typed (validateNode). Same input, same field errors, on every face.
 */
export function runProblems(target: { nodes: readonly unknown[]; plan: unknown }): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const add = (e: FieldError): void => {
    if (seen.has(e.field)) return; // one reason per field: the first (clearest) one
    seen.add(e.field);
    errors.push(e);
  };
  const indexed: Array<{ i: number; node: NodeSpec }> = [];
  target.nodes.forEach((raw, i) => {
    const parsed = NodeSpecSchema.safeParse(raw);
    if (parsed.success) indexed.push({ i, node: parsed.data });
    else
      for (const issue of parsed.error.issues)
        add({ field: fieldPath(['nodes', i, ...issue.path]), message: issue.message });
  });
  const nodes = indexed.map((x) => x.node);
  const plan = ClusterPlanSchema.safeParse(target.plan);
  if (!plan.success) {
    for (const issue of plan.error.issues)
      add({ field: fieldPath(['plan', ...issue.path]), message: issue.message });
  } else {
    for (const e of validatePlan(plan.data, { nodes })) add(e);
  }
  for (const { i, node } of indexed) {
    for (const p of validateNode(node, nodes)) {
      add({ field: `nodes.${i}.${p.field}`, message: `nodes.${i}.${p.field} ${p.message}.` });
    }
  }
  return errors;
}

/** Refuses a target with problems, listing every field (exit status 2 in the CLI). */
export function assertRunnable(target: { nodes: readonly unknown[]; plan: unknown }): void {
  const errors = runProblems(target);
  if (errors.length === 0) return;
  throw new AppError({
    code: 'invalid_plan',
    message: `the plan cannot be installed:\n${errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}`,
    field: errors[0]?.field,
  });
}

/**
 * The check of every run entry (install handlers, the CLI's runs): assertRunnable, and, for a
 * run that changes machines, no HA plan whose install is not built (haInstallRefusal: stacked
 * etcd behind kube-vip, haproxy-keepalived or an existing load balancer installs) — a kubeadm
 * init against a VIP nobody announces only times out. A dry run (`kubelab plan`) still shows every HA plan.
 */
export function assertInstallable(
  target: { nodes: readonly unknown[]; plan: unknown },
  opts?: { dryRun: boolean },
): void {
  assertRunnable(target);
  if (opts?.dryRun) return;
  const refusal = haInstallRefusal(target.plan);
  if (refusal) throw refusal;
}
