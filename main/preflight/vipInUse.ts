import type { HostFacts } from '../../common/model/facts';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { CheckResult } from '../../common/model/preflight';
import { endpointPort } from '../../common/plan/ha/endpoint';
import type { Remote } from '../engine/remote';
import { SCRIPTS } from './scripts';

export const VIP_CHECK_ID = 'vip-free';

/** What scripts/vip.sh saw from one control plane. */
export interface VipProbe {
  ping?: { state: 'replied' | 'silent' | 'absent'; detail: string };
  tcp: Array<{ port: number; state: string; detail: string }>;
  /** The VIP's link-layer address after the kernel's ARP request; undefined: no answer. */
  lladdr?: string;
}

export function parseVipProbe(stdout: string): VipProbe {
  const probe: VipProbe = { tcp: [] };
  for (const line of stdout.split('\n')) {
    const [kind, a = '', b = '', ...rest] = line.trim().split(' ');
    if (kind === 'ping' && (a === 'replied' || a === 'silent' || a === 'absent')) {
      probe.ping = { state: a, detail: [b, ...rest].join(' ').trim() };
    } else if (kind === 'tcp' && /^\d+$/.test(a)) {
      probe.tcp.push({ port: Number(a), state: b, detail: rest.join(' ') });
    } else if (kind === 'neigh' && a !== 'none' && a !== '') {
      probe.lladdr = a;
    }
  }
  return probe;
}

/** Why the probe says something answers the VIP; empty: nothing did. */
export function vipAnswers(p: VipProbe): string[] {
  const seen: string[] = [];
  if (p.ping?.state === 'replied') seen.push(`ping: ${p.ping.detail}`);
  for (const t of p.tcp) {
    // Accepted or refused both need a host that owns the address; a timeout or "No route to
    // host" (the kernel's ARP got no answer) does not.
    if (t.state === 'open' || t.state === 'refused') seen.push(`tcp ${t.port}: ${t.detail}`);
  }
  if (p.lladdr) seen.push(`arp: answered by ${p.lladdr}`);
  return seen;
}

/**
 * The project's node whose gathered facts have the VIP on an interface (a re-run's own holder),
 * unless the ARP answer came from another MAC than that interface's: then someone else answers.
 */
function ownHolder(
  vip: string,
  probe: VipProbe,
  nodes: readonly NodeSpec[],
  facts: ReadonlyMap<string, HostFacts>,
): NodeSpec | undefined {
  return nodes.find((n) =>
    facts
      .get(n.id)
      ?.interfaces.some(
        (i) =>
          i.addresses.some((a) => a.address === vip) &&
          (!probe.lladdr || !i.mac || i.mac.toLowerCase() === probe.lladdr.toLowerCase()),
      ),
  );
}

function result(
  nodeId: string,
  status: CheckResult['status'],
  en: string,
  zh: string,
  evidence: string,
): CheckResult {
  return {
    checkId: VIP_CHECK_ID,
    nodeIds: [nodeId],
    status,
    severity: 'block',
    message: { en, zh },
    evidence,
  };
}

/**
 * The VIP preflight (issue 19): before kube-vip or keepalived claim the plan's VIP, nothing else
 * on the network may answer it, or two machines would answer ARP for the API's address. Probed
 * from `from` (a control plane, on the VIP's subnet). A VIP held by one of the project's own
 * nodes (a re-run after a partial install) is this cluster's and passes. Undefined for a plan
 * without a VIP.
 */
export async function vipInUseResult(
  plan: ClusterPlan,
  from: NodeSpec,
  remote: Remote,
  nodes: readonly NodeSpec[],
  facts: ReadonlyMap<string, HostFacts>,
  signal?: AbortSignal,
): Promise<CheckResult | undefined> {
  const lb = plan.loadBalancer;
  if (!lb || lb.kind === 'external') return undefined;
  const ports = [...new Set([plan.bindPort, endpointPort(plan)])].join(' ');
  const res = await remote
    .exec(SCRIPTS.vip, {
      root: true,
      env: { KL_VIP: lb.vip, KL_PORTS: ports },
      timeoutMs: 30_000,
      signal,
    })
    .catch((err: unknown) => ({ code: -1, stdout: '', stderr: String(err) }));
  if (!res.stdout.includes('@@KL:end')) {
    const why = res.stderr.trim().split('\n').pop() ?? `exit ${res.code}`;
    return result(
      from.id,
      'unknown',
      `Could not check from ${from.name} whether the VIP ${lb.vip} is already in use: ${why}`,
      `无法从 ${from.name} 检查 VIP ${lb.vip} 是否已被占用：${why}`,
      why,
    );
  }
  const probe = parseVipProbe(res.stdout);
  const seen = vipAnswers(probe);
  const evidence =
    seen.length > 0
      ? seen.join('; ')
      : res.stdout.replace('@@KL:end', '').trim().replace(/\n/g, '; ');
  if (seen.length === 0) {
    return result(
      from.id,
      'pass',
      `Nothing answers the VIP ${lb.vip} (ping, TCP ${ports}, ARP from ${from.name}).`,
      `没有主机应答 VIP ${lb.vip}（从 ${from.name} 进行 ping、TCP ${ports}、ARP 探测）。`,
      evidence,
    );
  }
  const own = ownHolder(lb.vip, probe, nodes, facts);
  if (own) {
    return result(
      from.id,
      'pass',
      `The VIP ${lb.vip} answers and is held by ${own.name}, a node of this cluster (an earlier run's ${lb.kind}).`,
      `VIP ${lb.vip} 有应答，由本集群的节点 ${own.name} 持有（之前运行启动的 ${lb.kind}）。`,
      evidence,
    );
  }
  return result(
    from.id,
    'fail',
    `The VIP ${lb.vip} is already answered by a machine on the network (${evidence}); ${lb.kind} would announce an address another host owns. Choose a free address for loadBalancer.vip and controlPlaneEndpoint.`,
    `VIP ${lb.vip} 已被网络中的其他机器应答（${evidence}）；${lb.kind} 会宣告一个其他主机拥有的地址。请为 loadBalancer.vip 和 controlPlaneEndpoint 选择一个空闲地址。`,
    evidence,
  );
}
