import { isHaTopology, type VipLoadBalancer } from '../../model/ha';
import type { NodeSpec } from '../../model/node';
import type { ClusterPlan } from '../../model/plan';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../ipNet';
import { isHttpUrl } from '../safeText';
import type { Report } from '../validateText';
import { isInterfaceName, parseEndpoint } from './endpoint';

/** What the HA checks need from validatePlan's context. */
export interface HaContext {
  nodes: readonly NodeSpec[];
  hostNetworks?: readonly string[];
  nodeAddresses?: Readonly<Record<string, readonly string[]>>;
  allowNoNodes?: boolean;
}

/**
 * The HA half of plan validation: refusals (field errors) only. Warnings that do not block
 * (etcd quorum, several control planes on a single topology) are in haWarnings.ts. `refused`
 * holds fields the free-text checks already refused, so no second message piles on them.
 */
export function checkHa(
  plan: ClusterPlan,
  ctx: HaContext,
  report: Report,
  refused: ReadonlySet<string>,
  cidrs: { pod?: Cidr; svc?: Cidr },
): void {
  if (!isHaTopology(plan.topology)) {
    checkSingle(plan, report);
    return;
  }
  checkEndpoint(plan, report, refused);
  if (!plan.loadBalancer) {
    report(
      'loadBalancer.kind',
      'An HA control plane needs a load balancer: kube-vip, haproxy-keepalived or external.',
      '高可用控制平面需要负载均衡：kube-vip、haproxy-keepalived 或 external。',
    );
  } else if (plan.loadBalancer.kind !== 'external') {
    checkVip(plan, plan.loadBalancer, ctx, report, refused, cidrs);
  }
  checkExternalEtcd(plan, report);
}

function checkSingle(plan: ClusterPlan, report: Report): void {
  if (plan.loadBalancer) {
    report(
      'loadBalancer.kind',
      'A load balancer is only used by an HA topology (stacked-etcd or external-etcd); remove it or change the topology.',
      '负载均衡只用于高可用拓扑（stacked-etcd 或 external-etcd），请删除或修改拓扑。',
    );
  }
  if (plan.externalEtcdEndpoints) {
    report(
      'externalEtcdEndpoints',
      'externalEtcdEndpoints is only used by the external-etcd topology.',
      'externalEtcdEndpoints 只用于 external-etcd 拓扑。',
    );
  }
}

function checkEndpoint(plan: ClusterPlan, report: Report, refused: ReadonlySet<string>): void {
  if (refused.has('controlPlaneEndpoint')) return;
  const endpoint = parseEndpoint(plan.controlPlaneEndpoint);
  if (!endpoint || endpoint.port === undefined) {
    report(
      'controlPlaneEndpoint',
      'An HA control plane needs controlPlaneEndpoint as host:port (the VIP or the load balancer, e.g. 192.168.100.100:6443); it goes into every certificate and kubeconfig and cannot be changed after init.',
      '高可用控制平面需要 controlPlaneEndpoint，格式为 host:port（VIP 或负载均衡地址，例如 192.168.100.100:6443）；它写入所有证书和 kubeconfig，初始化后不能修改。',
    );
    return;
  }
  const lb = plan.loadBalancer;
  if (lb?.kind === 'kube-vip' && endpoint.port !== plan.bindPort) {
    // kube-vip in ARP mode only moves the address: clients reach the API server's own port.
    report(
      'controlPlaneEndpoint',
      `With kube-vip the endpoint port must be the API server's bindPort ${plan.bindPort} (kube-vip moves the address, it does not forward ports); got ${endpoint.port}.`,
      `使用 kube-vip 时端点端口必须是 API Server 的 bindPort ${plan.bindPort}（kube-vip 只漂移地址，不转发端口）；当前为 ${endpoint.port}。`,
    );
  }
  if (lb?.kind === 'haproxy-keepalived' && endpoint.port === plan.bindPort) {
    // kubernetes/kubeadm docs/ha-considerations.md: haproxy binds ${APISERVER_DEST_PORT}, the
    // API servers listen on ${APISERVER_SRC_PORT}; on a control plane both cannot be 6443.
    report(
      'controlPlaneEndpoint',
      `With haproxy on the control planes the endpoint port is haproxy's and must differ from the API server's bindPort ${plan.bindPort} (both listen on the same machine); use e.g. 8443.`,
      `haproxy 与 API Server 运行在同一台机器上，端点端口是 haproxy 的端口，不能与 bindPort ${plan.bindPort} 相同；例如使用 8443。`,
    );
  }
  const vip = lb && lb.kind !== 'external' ? parseIp(lb.vip) : undefined;
  const host = parseIp(endpoint.host);
  if (vip && host && vip.toString() !== host.toString()) {
    report(
      'controlPlaneEndpoint',
      `controlPlaneEndpoint ${endpoint.host} is an address other than the VIP ${vip.toString()}; point it at the VIP (or a DNS name for it).`,
      `controlPlaneEndpoint ${endpoint.host} 与 VIP ${vip.toString()} 不一致；请指向 VIP（或解析到 VIP 的域名）。`,
    );
  }
}

function checkVip(
  plan: ClusterPlan,
  lb: VipLoadBalancer,
  ctx: HaContext,
  report: Report,
  refused: ReadonlySet<string>,
  cidrs: { pod?: Cidr; svc?: Cidr },
): void {
  if (!refused.has('loadBalancer.interface') && !isInterfaceName(lb.interface)) {
    report(
      'loadBalancer.interface',
      `loadBalancer.interface must be a network interface name such as eth0 (at most 15 characters), got "${lb.interface}".`,
      `loadBalancer.interface 必须是网卡名，例如 eth0（最多 15 个字符），当前为 "${lb.interface}"。`,
    );
  }
  if (refused.has('loadBalancer.vip')) return;
  const vip = parseIp(lb.vip);
  if (!vip) {
    report(
      'loadBalancer.vip',
      `loadBalancer.vip must be an IP address, got "${lb.vip}".`,
      `loadBalancer.vip 必须是 IP 地址，当前为 "${lb.vip}"。`,
    );
    return;
  }
  for (const [name, cidr] of [
    ['podCidr', cidrs.pod],
    ['serviceCidr', cidrs.svc],
  ] as const) {
    if (cidr && cidrContains(cidr, vip)) {
      report(
        'loadBalancer.vip',
        `The VIP ${lb.vip} lies inside ${name} ${cidr.text}; it must be a free address on the control planes' network.`,
        `VIP ${lb.vip} 位于 ${name} ${cidr.text} 之内；它必须是控制平面所在网络中的空闲地址。`,
      );
    }
  }
  ctx.nodes.forEach((node, i) => {
    const addresses = [node.address, ...(ctx.nodeAddresses?.[node.id] ?? [])];
    if (!addresses.some((a) => parseIp(a)?.toString() === vip.toString())) return;
    report(
      'loadBalancer.vip',
      `The VIP ${lb.vip} is an address of node ${node.name} (nodes.${i}); a VIP must be a free address that moves between the control planes.`,
      `VIP ${lb.vip} 是节点 ${node.name}（nodes.${i}）的地址；VIP 必须是在控制平面之间漂移的空闲地址。`,
    );
  });
  if (plan.advertiseAddress === lb.vip) {
    report(
      'loadBalancer.vip',
      `The VIP ${lb.vip} equals advertiseAddress; the VIP must not be a node's own address.`,
      `VIP ${lb.vip} 与 advertiseAddress 相同；VIP 不能是节点自身的地址。`,
    );
  }
  checkVipSubnet(lb.vip, vip, ctx, report);
}

/**
 * keepalived and kube-vip (ARP) announce the VIP on the local segment, so "all the hosts
 * between which the virtual IP is negotiated need to be in the same IP subnet"
 * (kubernetes/kubeadm docs/ha-considerations.md). The subnets come from the gathered facts
 * (hostNetworks); before facts exist there is nothing to compare with and the check waits.
 */
function checkVipSubnet(
  text: string,
  vip: NonNullable<ReturnType<typeof parseIp>>,
  ctx: HaContext,
  report: Report,
): void {
  const networks = (ctx.hostNetworks ?? []).flatMap((n) => {
    const parsed = parseCidr(n);
    return parsed.ok ? [parsed.cidr] : [];
  });
  for (const node of ctx.nodes.filter((n) => n.role === 'control-plane')) {
    const ip = parseIp(node.address);
    const own = ip ? networks.filter((net) => cidrContains(net, ip)) : [];
    if (own.length === 0 || own.some((net) => cidrContains(net, vip))) continue;
    report(
      'loadBalancer.vip',
      `The VIP ${text} is outside control plane ${node.name}'s subnet ${own.map((n) => n.text).join(', ')}; the VIP is announced by ARP/VRRP and must be on the control planes' own subnet.`,
      `VIP ${text} 不在控制平面 ${node.name} 的子网 ${own.map((n) => n.text).join('、')} 内；VIP 通过 ARP/VRRP 宣告，必须位于控制平面所在子网。`,
    );
  }
}

function checkExternalEtcd(plan: ClusterPlan, report: Report): void {
  const endpoints = plan.externalEtcdEndpoints ?? [];
  if (plan.topology !== 'external-etcd') {
    if (endpoints.length > 0) {
      report(
        'externalEtcdEndpoints',
        'externalEtcdEndpoints is only used by the external-etcd topology.',
        'externalEtcdEndpoints 只用于 external-etcd 拓扑。',
      );
    }
    return;
  }
  if (endpoints.length === 0) {
    report(
      'externalEtcdEndpoints',
      'The external-etcd topology needs the etcd client URLs, e.g. https://10.0.0.5:2379.',
      'external-etcd 拓扑需要 etcd 客户端地址，例如 https://10.0.0.5:2379。',
    );
  }
  endpoints.forEach((url, i) => {
    if (isHttpUrl(url) && url.startsWith('https://')) return;
    report(
      `externalEtcdEndpoints.${i}`,
      `externalEtcdEndpoints.${i} must be an https:// etcd client URL such as https://10.0.0.5:2379, got "${url}".`,
      `externalEtcdEndpoints.${i} 必须是 https:// 开头的 etcd 客户端地址，例如 https://10.0.0.5:2379，当前为 "${url}"。`,
    );
  });
}
