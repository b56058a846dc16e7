import { resolveVersion } from '../../common/catalog/images';
import { verifyTestImage } from '../../common/catalog/verifyImage';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { Verification } from '../../common/model/verification';
import { effectiveMirrors } from '../../common/plan/effectiveMirrors';
import type { Remote } from '../engine/remote';
import { remoteScript } from '../remoteScripts/remoteScripts';
import { parseVerify, type VerifyOutput } from './verifyParser';

/** The test pods' image (common/catalog/verifyImage.ts): the bundle's own name when offline. */
export function testImage(plan: ClusterPlan): string {
  const v = resolveVersion(plan.kubernetesVersion);
  return verifyTestImage(plan.offline, v ? effectiveMirrors(plan, v).registries : undefined);
}

export interface VerifyOptions {
  /** Skip the test pods (nodes, system pods and /readyz only). */
  pods?: boolean;
  waitSeconds?: number;
  signal?: AbortSignal;
}

/**
 * Verification after an install, through kubectl on the first control-plane node over SSH. The
 * test pods are deleted by the script's exit trap whatever happens, and their absence is checked.
 */
export async function verifyCluster(
  nodes: readonly NodeSpec[],
  plan: ClusterPlan,
  remote: (nodeId: string) => Remote,
  opts: VerifyOptions = {},
): Promise<VerifyOutput> {
  const cp = nodes.find((n) => n.role === 'control-plane');
  if (!cp)
    throw new AppError({
      code: 'invalid_payload',
      field: 'nodes',
      message: 'The project has no control-plane node.',
    });
  const dnsName = `kubernetes.default.svc.${plan.dnsDomain}`;
  const checkedAt = new Date().toISOString();
  const res = await remote(cp.id).exec(remoteScript('verify/verify'), {
    root: true,
    env: {
      KL_IMAGE: testImage(plan),
      KL_DNS_NAME: dnsName,
      KL_PODS: opts.pods === false ? '0' : '1',
      KL_WAIT: String(opts.waitSeconds ?? 90),
    },
    timeoutMs: 10 * 60_000,
    signal: opts.signal,
  });
  if (!res.stdout.includes('@@KL:end')) {
    throw new AppError({
      code: 'command_failed',
      nodeId: cp.id,
      message: `Verification did not finish on ${cp.name} (exit ${res.code}): ${res.stderr.trim().split('\n').pop() ?? ''}`,
    });
  }
  return parseVerify(res.stdout, dnsName, checkedAt);
}

/** One line per problem; empty when the cluster verified clean. */
export function problems(v: Verification): string[] {
  const out: string[] = [];
  if (v.nodes.length === 0) out.push('no nodes reported');
  for (const n of v.nodes) if (!n.ready) out.push(`node ${n.name} is ${n.status}`);
  for (const p of v.systemPods)
    if (p.status !== 'Running' && p.status !== 'Succeeded')
      out.push(`kube-system/${p.name} is ${p.status}`);
  if (v.apiServer.status !== 'ok') out.push(`/readyz: ${v.apiServer.detail ?? v.apiServer.status}`);
  for (const m of v.matrices)
    for (const c of m.cells)
      if (!c.ok) out.push(`${m.probe} ${c.from} → ${c.to}: ${c.detail ?? 'failed'}`);
  for (const d of v.dns) if (d.status !== 'ok') out.push(`DNS ${d.name}: ${d.detail ?? d.status}`);
  return out;
}
