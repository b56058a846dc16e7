import type { HostFacts } from '../model/facts';
import type { Project } from '../model/project';
import type { RunState } from '../model/runEvent';
import { lastFailoverTest } from '../plan/ha/failover';
import type { Verification } from '../model/verification';
import { toleratedFailures } from '../plan/ha/haWarnings';
import type { ReportHa } from './model';
import { buildSummary } from './buildSummary';
import { controlPlaneNodeHealth, staticPodHealth } from './haHealth';

/**
 * The HA section (issue 19): the stable endpoint, what keeps it (kube-vip, haproxy +
 * keepalived, an external load balancer), each control plane's health and each etcd member's as
 * the verification saw them (`unknown` where it did not), how many failures etcd tolerates, and
 * which control plane held the VIP in its gathered facts (an address on one of its interfaces,
 * as of those facts' time; null when no control plane's facts show it: "not checked"). Null for
 * a single control plane. The last failover test comes from the run records (`runs`).
 */
export function buildHa(
  project: Project,
  facts: ReadonlyMap<string, HostFacts>,
  verification?: Verification,
  runs?: readonly RunState[],
): ReportHa | null {
  const { plan } = project;
  const topology = plan.topology;
  if (topology !== 'stacked-etcd' && topology !== 'external-etcd') return null;
  const lb = plan.loadBalancer;
  const specs = project.nodes.filter((n) => n.role === 'control-plane');
  const controlPlanes = specs.map((n) => {
    const f = facts.get(n.id);
    const api = staticPodHealth('kube-apiserver', n, f, verification);
    return {
      name: n.name,
      address: n.address,
      node: controlPlaneNodeHealth(n, f, verification),
      apiServer: api.status,
      ...(api.detail ? { apiServerDetail: api.detail } : {}),
    };
  });
  const etcdMembers =
    topology === 'stacked-etcd'
      ? specs.map((n) => {
          const etcd = staticPodHealth('etcd', n, facts.get(n.id), verification);
          return {
            name: n.name,
            status: etcd.status,
            ...(etcd.detail ? { detail: etcd.detail } : {}),
          };
        })
      : (plan.externalEtcdEndpoints ?? []).map((name) => ({ name, status: 'unknown' as const }));
  const vip = lb && lb.kind !== 'external' ? lb : undefined;
  return {
    endpoint: buildSummary(project, undefined).endpoint,
    topology,
    loadBalancer: lb?.kind ?? 'none',
    ...(vip ? { vip: vip.vip, interface: vip.interface } : {}),
    controlPlanes,
    etcdMembers,
    toleratedFailures: toleratedFailures(etcdMembers.length),
    ...(vip ? vipHolder(project, facts, vip.vip) : { vipHolder: null }),
    failoverTest: lastFailoverTest(runs) ?? null,
  };
}

function vipHolder(
  project: Project,
  facts: ReadonlyMap<string, HostFacts>,
  vip: string,
): Pick<ReportHa, 'vipHolder' | 'vipSeenAt'> {
  for (const node of project.nodes.filter((n) => n.role === 'control-plane')) {
    const f = facts.get(node.id);
    const holds = f?.interfaces.some((i) => i.addresses.some((a) => a.address === vip));
    if (f && holds) return { vipHolder: node.name, vipSeenAt: f.collectedAt };
  }
  return { vipHolder: null };
}
