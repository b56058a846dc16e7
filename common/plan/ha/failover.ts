import { z } from 'zod';
import type { RunState } from '../../model/runEvent';
import type { ClusterPlan } from '../../model/plan';

/**
 * kubelab's own HA failover test (issue 19, "Verify: failover"): the control plane holding the
 * VIP gives it up the way an admin tests it (keepalived stopped, or kube-vip's static pod manifest
 * moved out of the kubelet's directory), another control plane must take the VIP, the API must
 * answer through it, and the holder is always put back. The steps are ha-vip-holder and
 * ha-failover (main/steps); this file is what every face and the report share.
 */

/** The operation's parameters: none (the VIP, its port and the holder come from the plan and the nodes). */
export const HaFailoverParamsSchema = z.object({}).strict();
export type HaFailoverParams = z.infer<typeof HaFailoverParamsSchema>;

/** Why a plan cannot be tested, or undefined when it can (a VIP kubelab runs). */
export function failoverRefusal(
  plan: Pick<ClusterPlan, 'topology' | 'loadBalancer'>,
): string | undefined {
  const topology = plan.topology ?? 'single';
  if (topology === 'single') {
    return 'the plan has a single control plane: there is no VIP to fail over';
  }
  const kind = plan.loadBalancer?.kind;
  if (kind === 'external') {
    return 'the plan uses an existing external load balancer: kubelab does not manage it, so it cannot take its address away; test its failover with its own tools';
  }
  if (kind !== 'haproxy-keepalived' && kind !== 'kube-vip') {
    return 'the plan has no load balancer kubelab runs (haproxy + keepalived or kube-vip)';
  }
  return undefined;
}

/** Whether `ip -4 -o addr show` lists the VIP on an interface ("inet <vip>/<prefix>"). */
export function holdsVip(addrOutput: string, vip: string | undefined): boolean {
  if (!vip) return false;
  return addrOutput.split('\n').some((line) => {
    const words = line.trim().split(/\s+/);
    const at = words.indexOf('inet');
    return at >= 0 && words[at + 1]?.startsWith(`${vip}/`) === true;
  });
}

/** What ha-failover's script records on the holder (`key=value` lines), as its step's outputs. */
export const FailoverOutputsSchema = z.object({
  oldHolder: z.string(),
  newHolder: z.string(),
  /** From taking the VIP away to another control plane holding it, in milliseconds. */
  movedMs: z.string().regex(/^\d+$/),
  /** `yes` when /healthz answered `ok` through the VIP after it moved. */
  apiAnswered: z.enum(['yes', 'no']),
  /** From taking the VIP away to the API answering through it again, in milliseconds. */
  apiMs: z.string().regex(/^\d+$/).optional(),
  /** `yes` when the holder's keepalived (or kube-vip manifest) was put back. */
  restored: z.enum(['yes', 'no']),
});

/** The last failover test as the report and the faces show it. */
export const FailoverTestSchema = z.object({
  runId: z.string(),
  at: z.string(),
  outcome: z.enum(['succeeded', 'failed', 'cancelled', 'interrupted']),
  oldHolder: z.string().optional(),
  newHolder: z.string().optional(),
  movedSeconds: z.number().nonnegative().optional(),
  apiAnswered: z.boolean().optional(),
  apiSeconds: z.number().nonnegative().optional(),
  restored: z.boolean().optional(),
  /** A failed test's first error (what did not happen, from the step). */
  error: z.string().optional(),
});
export type FailoverTest = z.infer<typeof FailoverTestSchema>;

const seconds = (ms: string | undefined): number | undefined =>
  ms === undefined ? undefined : Math.round(Number(ms) / 100) / 10;

/** The newest ha-failover-test run recorded beside the project, as a result; undefined: never run. */
export function lastFailoverTest(runs: readonly RunState[] | undefined): FailoverTest | undefined {
  const last = (runs ?? [])
    .filter((r) => r.kind === 'ha-failover-test')
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  if (!last) return undefined;
  const task = last.tasks.find(
    (t) => t.stepId === 'ha-failover' && (t.status === 'done' || t.status === 'failed'),
  );
  const parsed = FailoverOutputsSchema.safeParse(task?.outputs ?? {});
  const failed = task?.status === 'failed' ? task : last.tasks.find((t) => t.status === 'failed');
  return {
    runId: last.runId,
    at: last.finishedAt ?? last.startedAt,
    outcome: last.outcome ?? 'interrupted',
    ...(parsed.success
      ? {
          oldHolder: parsed.data.oldHolder,
          newHolder: parsed.data.newHolder,
          movedSeconds: seconds(parsed.data.movedMs),
          apiAnswered: parsed.data.apiAnswered === 'yes',
          ...(parsed.data.apiMs ? { apiSeconds: seconds(parsed.data.apiMs) } : {}),
          restored: parsed.data.restored === 'yes',
        }
      : {}),
    ...(failed?.error ? { error: failed.error.message } : {}),
  };
}
