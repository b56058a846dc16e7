import { cniRelease } from '../catalog/cni';
import { resolveVersion } from '../catalog/images';
import { NEWEST_MINOR, OLDEST_MINOR } from '../catalog/kubernetesVersions';
import { packageLayout } from '../catalog/packages';
import type { NodeSpec } from '../model/node';
import type { ClusterPlan, FieldError } from '../model/plan';
import { checkHa } from './ha/validateHa';
import { cidrContains, cidrsOverlap, parseCidr, parseIp, type Cidr } from './ipNet';
import { checkFreeText, type Report } from './validateText';

/** What validation knows besides the plan: the inventory and, when gathered, host facts. */
export interface PlanContext {
  nodes: readonly NodeSpec[];
  /** Networks the nodes sit on (from facts, e.g. `192.168.100.0/24`); CIDRs must avoid them. */
  hostNetworks?: readonly string[];
  /** Every address each node has (from facts), by node id; the advertise address must be one. */
  nodeAddresses?: Readonly<Record<string, readonly string[]>>;
  /**
   * A project being drafted (e.g. `kubelab init` before machines are added) may have no nodes
   * yet: then the checks that need them are skipped. Install paths leave this unset.
   */
  allowNoNodes?: boolean;
}

/**
 * Checks a plan against the catalog and the inventory. Returns every problem, each naming its
 * field (plan fields by name, `nodes.N.x` for the inventory), in English and Chinese; an empty
 * list means the plan can be installed.
 */
export function validatePlan(plan: ClusterPlan, ctx: PlanContext): FieldError[] {
  const errors: FieldError[] = [];
  const report: Report = (field, message, messageZh) => errors.push({ field, message, messageZh });
  const refusedText = checkFreeText(plan, ctx, report);
  checkVersion(plan, report, refusedText);
  const cidrs = checkNetworks(plan, ctx, report, refusedText);
  checkNodes(ctx, report);
  checkHa(plan, ctx, report, refusedText, cidrs);
  return errors;
}

function checkVersion(plan: ClusterPlan, report: Report, refused: Set<string>): void {
  if (refused.has('kubernetesVersion')) return;
  const v = resolveVersion(plan.kubernetesVersion);
  if (!v) {
    report(
      'kubernetesVersion',
      `kubernetesVersion "${plan.kubernetesVersion}" is not offered: kubelab installs 1.${OLDEST_MINOR} to 1.${NEWEST_MINOR} (e.g. 1.18.2).`,
      `不支持的版本 "${plan.kubernetesVersion}"：kubelab 支持 1.${OLDEST_MINOR} 至 1.${NEWEST_MINOR}（例如 1.18.2）。`,
    );
    return;
  }
  if (!v.entry.runtimes.includes(plan.runtime)) {
    if (plan.runtime === 'docker') {
      report(
        'runtime',
        `Docker cannot be the runtime for ${v.version}: dockershim was removed from the kubelet in 1.24. Use containerd, or Docker Engine through cri-dockerd.`,
        `${v.version} 不能直接使用 Docker：kubelet 在 1.24 中移除了 dockershim。请使用 containerd，或通过 cri-dockerd 使用 Docker Engine。`,
      );
    } else {
      report(
        'runtime',
        `cri-dockerd is for 1.24 and later; ${v.version} still has dockershim, so choose docker or containerd.`,
        `cri-dockerd 适用于 1.24 及以后；${v.version} 仍内置 dockershim，请选择 docker 或 containerd。`,
      );
    }
  }
  if (plan.mirrorProfile === 'upstream' && packageLayout(v) === 'legacy') {
    const overridden = plan.mirrors.kubernetesLegacyApt ?? plan.mirrors.kubernetesLegacyYum;
    if (!overridden) {
      report(
        'mirrorProfile',
        `The upstream profile has no packages for ${v.version}: the legacy apt/yum.kubernetes.io repositories were shut down on 2024-03-04 and pkgs.k8s.io starts at 1.24. Choose the china profile (Aliyun keeps them) or set mirrors.kubernetesLegacyApt / kubernetesLegacyYum.`,
        `官方源没有 ${v.version} 的软件包：旧的 apt/yum.kubernetes.io 已于 2024-03-04 关闭，pkgs.k8s.io 从 1.24 开始。请选择 china 配置（阿里云仍保留）或设置 mirrors.kubernetesLegacyApt / kubernetesLegacyYum。`,
      );
    }
  }
  if (!cniRelease(plan.cni.plugin, v.entry.minor) && !plan.cni.manifestUrl) {
    report(
      'cni.plugin',
      `${plan.cni.plugin} has no release in the catalog for 1.${v.minor}; set cni.manifestUrl.`,
      `目录中没有适用于 1.${v.minor} 的 ${plan.cni.plugin} 版本，请设置 cni.manifestUrl。`,
    );
  }
  if (plan.controlPlaneMode === 'self-hosted' && v.entry.selfHosting !== 'pivot') {
    report(
      'controlPlaneMode',
      `A self-hosted control plane is not available for 1.${v.minor}: kubeadm removed self-hosting in 1.21 (the SelfHosting feature gate the guide mentions was removed in 1.13). Use static-pod.`,
      `1.${v.minor} 不支持自托管控制平面：kubeadm 在 1.21 移除了自托管（指南提到的 SelfHosting 特性门控已在 1.13 移除）。请使用 static-pod。`,
    );
  }
}

function checkNetworks(
  plan: ClusterPlan,
  ctx: PlanContext,
  report: Report,
  refused: Set<string>,
): { pod?: Cidr; svc?: Cidr } {
  const pod = refused.has('podCidr') ? undefined : cidrField('podCidr', plan.podCidr, report);
  const svc = refused.has('serviceCidr')
    ? undefined
    : cidrField('serviceCidr', plan.serviceCidr, report);
  if (pod?.kind === 'ipv4' && (pod.prefix < 8 || pod.prefix > 24)) {
    report(
      'podCidr',
      `podCidr ${pod.text} must be between /8 and /24: every node gets a /24 from it, and kube-controller-manager allows at most 16 bits between the two.`,
      `podCidr ${pod.text} 前缀长度必须在 /8 到 /24 之间：每个节点从中分配一个 /24。`,
    );
  }
  if (svc?.kind === 'ipv4' && (svc.prefix < 12 || svc.prefix > 28)) {
    report(
      'serviceCidr',
      `serviceCidr ${svc.text} must be between /12 and /28: kubeadm allows at most 20 host bits and needs at least 10 addresses (the DNS service takes the tenth).`,
      `serviceCidr ${svc.text} 前缀长度必须在 /12 到 /28 之间（kubeadm 限制）。`,
    );
  }
  if (pod && svc && cidrsOverlap(pod, svc)) {
    report(
      'serviceCidr',
      `serviceCidr ${svc.text} overlaps podCidr ${pod.text}; they must be disjoint.`,
      `serviceCidr ${svc.text} 与 podCidr ${pod.text} 重叠，二者不能重叠。`,
    );
  }
  (ctx.hostNetworks ?? []).forEach((text) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) return;
    for (const [field, cidr] of [
      ['podCidr', pod],
      ['serviceCidr', svc],
    ] as const) {
      if (cidr && cidrsOverlap(cidr, parsed.cidr)) {
        report(
          field,
          `${field} ${cidr.text} overlaps the nodes' network ${text}; pick a range the machines do not use.`,
          `${field} ${cidr.text} 与节点网络 ${text} 重叠，请选择机器未使用的网段。`,
        );
      }
    }
  });
  ctx.nodes.forEach((node, i) => {
    const ips = [node.address, ...(ctx.nodeAddresses?.[node.id] ?? [])];
    for (const text of ips) {
      const ip = parseIp(text);
      if (!ip) continue;
      for (const [field, cidr] of [
        ['podCidr', pod],
        ['serviceCidr', svc],
      ] as const) {
        if (cidr && cidrContains(cidr, ip)) {
          report(
            field,
            `${field} ${cidr.text} contains ${text}, an address of node ${node.name} (nodes.${i}); pod and service ranges must not include node addresses.`,
            `${field} ${cidr.text} 包含节点 ${node.name} 的地址 ${text}，Pod 与 Service 网段不能包含节点地址。`,
          );
        }
      }
    }
  });
  checkAdvertiseAddress(plan, ctx, report, refused, pod, svc);
  return { pod, svc };
}

function checkAdvertiseAddress(
  plan: ClusterPlan,
  ctx: PlanContext,
  report: Report,
  refused: Set<string>,
  pod: Cidr | undefined,
  svc: Cidr | undefined,
): void {
  if (refused.has('advertiseAddress')) return;
  const adv = parseIp(plan.advertiseAddress);
  if (!adv) {
    report(
      'advertiseAddress',
      `advertiseAddress must be an IP address, got "${plan.advertiseAddress}".`,
      `advertiseAddress 必须是 IP 地址，当前为 "${plan.advertiseAddress}"。`,
    );
    return;
  }
  for (const [field, cidr] of [
    ['podCidr', pod],
    ['serviceCidr', svc],
  ] as const) {
    if (cidr && cidrContains(cidr, adv)) {
      report(
        'advertiseAddress',
        `advertiseAddress ${plan.advertiseAddress} lies inside ${field} ${cidr.text}.`,
        `advertiseAddress ${plan.advertiseAddress} 位于 ${field} ${cidr.text} 之内。`,
      );
    }
  }
  if (ctx.allowNoNodes && ctx.nodes.length === 0) return;
  const owners = ctx.nodes.filter((n) =>
    [n.address, ...(ctx.nodeAddresses?.[n.id] ?? [])].some((a) => sameIp(a, plan.advertiseAddress)),
  );
  if (!owners.some((n) => n.role === 'control-plane')) {
    const which = owners[0] ? `it belongs to worker ${owners[0].name}` : 'no node has it';
    report(
      'advertiseAddress',
      `advertiseAddress ${plan.advertiseAddress} must be an address of a control-plane node; ${which}.`,
      `advertiseAddress ${plan.advertiseAddress} 必须是控制平面节点的地址；${owners[0] ? `它属于工作节点 ${owners[0].name}` : '没有节点使用该地址'}。`,
    );
  }
}

function checkNodes(ctx: PlanContext, report: Report): void {
  if (ctx.allowNoNodes && ctx.nodes.length === 0) return;
  if (!ctx.nodes.some((n) => n.role === 'control-plane')) {
    report(
      'nodes',
      'At least one node must have the control-plane role.',
      '至少需要一个控制平面（control-plane）节点。',
    );
  }
  const seen = new Map<string, number>();
  ctx.nodes.forEach((node, i) => {
    for (const [key, value] of [
      ['id', node.id],
      ['address', node.address],
    ] as const) {
      const mark = `${key}:${value}`;
      const first = seen.get(mark);
      if (first !== undefined) {
        report(
          `nodes.${i}.${key}`,
          `nodes.${i}.${key} "${value}" is already used by nodes.${first}.`,
          `nodes.${i}.${key} "${value}" 与 nodes.${first} 重复。`,
        );
      } else seen.set(mark, i);
    }
  });
}

function cidrField(field: string, value: string, report: Report): Cidr | undefined {
  const parsed = parseCidr(value);
  if (parsed.ok) return parsed.cidr;
  if (parsed.problem === 'not-canonical') {
    report(
      field,
      `${field} "${value}" has host bits set; did you mean ${parsed.canonical}?`,
      `${field} "${value}" 含主机位，是否应为 ${parsed.canonical}？`,
    );
  } else {
    report(
      field,
      `${field} must be a CIDR such as 10.244.0.0/16, got "${value}".`,
      `${field} 必须是 CIDR，例如 10.244.0.0/16，当前为 "${value}"。`,
    );
  }
  return undefined;
}

function sameIp(a: string, b: string): boolean {
  const x = parseIp(a);
  const y = parseIp(b);
  return !!x && !!y && x.toString() === y.toString();
}
