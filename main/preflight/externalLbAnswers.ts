import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { CheckResult } from '../../common/model/preflight';
import { endpointPort, parseEndpoint } from '../../common/plan/ha/endpoint';
import type { Remote } from '../engine/remote';
import { SCRIPTS } from './scripts';
import { parseVipProbe, vipAnswers } from './vipInUse';

export const EXTERNAL_LB_CHECK_ID = 'external-lb-answers';

function result(
  nodeId: string,
  status: CheckResult['status'],
  en: string,
  zh: string,
  evidence: string,
): CheckResult {
  return {
    checkId: EXTERNAL_LB_CHECK_ID,
    nodeIds: [nodeId],
    status,
    // A warning, not a block: the user may still be setting the load balancer up, and the
    // external-load-balancer step after init is the real proof that it forwards.
    severity: 'warn',
    message: { en, zh },
    evidence,
  };
}

/**
 * The existing load balancer before init (issue 19, loadBalancer.kind `external`): kubelab does
 * not configure it, but every join goes through it, so an address that answers nothing at all
 * (no TCP accept on the endpoint's port) is named now rather than after init. Before init no API
 * server is up behind it, so only the listener is asked for, not /healthz (that is the
 * external-load-balancer step's job once the first control plane is up). Probed from `from` with
 * the VIP probe (scripts/vip.sh: ping, a TCP connect, ARP). Undefined for other plans.
 */
export async function externalLbAnswersResult(
  plan: ClusterPlan,
  from: NodeSpec,
  remote: Remote,
  signal?: AbortSignal,
): Promise<CheckResult | undefined> {
  if (plan.loadBalancer?.kind !== 'external') return undefined;
  const endpoint = parseEndpoint(plan.controlPlaneEndpoint);
  if (!endpoint) return undefined;
  const port = endpointPort(plan);
  const address = `${endpoint.host}:${port}`;
  const res = await remote
    .exec(SCRIPTS.vip, {
      root: true,
      env: { KL_VIP: endpoint.host, KL_PORTS: String(port) },
      timeoutMs: 30_000,
      signal,
    })
    .catch((err: unknown) => ({ code: -1, stdout: '', stderr: String(err) }));
  if (!res.stdout.includes('@@KL:end')) {
    const why = res.stderr.trim().split('\n').pop() ?? `exit ${res.code}`;
    return result(
      from.id,
      'unknown',
      `Could not check from ${from.name} whether the load balancer at ${address} answers: ${why}`,
      `无法从 ${from.name} 检查负载均衡器 ${address} 是否有应答：${why}`,
      why,
    );
  }
  const probe = parseVipProbe(res.stdout);
  const tcp = probe.tcp.find((t) => t.port === port);
  const evidence = res.stdout.replace('@@KL:end', '').trim().replace(/\n/g, '; ');
  if (tcp?.state === 'open') {
    return result(
      from.id,
      'pass',
      `The load balancer at ${address} accepts connections (from ${from.name}); after kubeadm init kubelab checks that it forwards to the API servers.`,
      `负载均衡器 ${address} 接受连接（从 ${from.name} 探测）；kubeadm init 之后 kubelab 会检查它是否转发到 API 服务器。`,
      evidence,
    );
  }
  const host = vipAnswers(probe).filter((a) => !a.startsWith(`tcp ${port}:`));
  const en =
    host.length > 0
      ? `The load balancer host ${endpoint.host} answers (${host.join('; ')}) but nothing accepts connections on port ${port} (${tcp?.detail ?? 'not tried'}): every join goes through ${address}. Start its listener on ${port}, forwarding TCP to port ${plan.bindPort} of the control planes, or correct controlPlaneEndpoint.`
      : `Nothing answers at the load balancer address ${address} from ${from.name} (no ping, no TCP on ${port}, no ARP): every join goes through it. Check that the load balancer is running and reachable, or correct controlPlaneEndpoint.`;
  const zh =
    host.length > 0
      ? `负载均衡器主机 ${endpoint.host} 有应答（${host.join('; ')}），但端口 ${port} 上没有接受连接（${tcp?.detail ?? '未探测'}）：所有加入都经过 ${address}。请在 ${port} 上启动监听，以 TCP 转发到控制平面的 ${plan.bindPort} 端口，或更正 controlPlaneEndpoint。`
      : `从 ${from.name} 访问负载均衡器地址 ${address} 没有任何应答（无 ping、${port} 端口无 TCP、无 ARP）：所有加入都经过它。请检查负载均衡器是否运行且可达，或更正 controlPlaneEndpoint。`;
  return result(from.id, 'fail', en, zh, evidence);
}
