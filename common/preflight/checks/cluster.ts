import { renderFix } from '../../diagnosis/fixes';
import type { FixPreview } from '../../model/diagnosis';
import type { CheckResult, CheckSeverity, PreflightNode } from '../../model/preflight';
import type { ClusterCheck } from '../check';

/** MACs every VM may share without harm (unset, broadcast). */
const IGNORED_MACS = new Set(['', '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff']);

interface Identity {
  id: string;
  severity: CheckSeverity;
  label: string;
  labelZh: string;
  /** The values one node has (a node may have several MACs). */
  values(node: PreflightNode): string[] | undefined;
  why: string;
  whyZh: string;
  fix?: FixPreview;
}

function duplicates(identity: Identity): ClusterCheck {
  return {
    id: identity.id,
    evaluate(nodes) {
      const owners = new Map<string, string[]>();
      const unknownNodes: string[] = [];
      for (const node of nodes) {
        const values = identity.values(node);
        if (values === undefined) {
          unknownNodes.push(node.facts.nodeId);
          continue;
        }
        for (const v of new Set(values)) {
          owners.set(v, [...(owners.get(v) ?? []), node.facts.nodeId]);
        }
      }
      const results: CheckResult[] = [];
      for (const [value, ids] of owners) {
        if (ids.length < 2) continue;
        const result: CheckResult = {
          checkId: identity.id,
          nodeIds: ids,
          status: 'fail',
          severity: identity.severity,
          message: {
            en: `${ids.join(', ')} share the ${identity.label} ${value}. ${identity.why}`,
            zh: `${ids.join('、')} 的${identity.labelZh}相同（${value}）。${identity.whyZh}`,
          },
          evidence: `${identity.label}: ${value}`,
        };
        if (identity.fix) result.fix = identity.fix;
        results.push(result);
      }
      if (unknownNodes.length > 0) {
        results.push({
          checkId: identity.id,
          nodeIds: unknownNodes,
          status: 'unknown',
          severity: identity.severity,
          message: {
            en: `Not checked: the ${identity.label} was not reported.`,
            zh: `未检查：未获取到${identity.labelZh}。`,
          },
          evidence: '',
        });
      }
      if (results.every((r) => r.status !== 'fail') && owners.size > 0) {
        results.unshift({
          checkId: identity.id,
          nodeIds: nodes.map((n) => n.facts.nodeId).filter((id) => !unknownNodes.includes(id)),
          status: 'pass',
          severity: identity.severity,
          message: {
            en: `Every node has its own ${identity.label}.`,
            zh: `每个节点的${identity.labelZh}都不相同。`,
          },
          evidence: '',
        });
      }
      return results;
    },
  };
}

export const duplicateHostname = duplicates({
  id: 'duplicate-hostname',
  severity: 'block',
  label: 'hostname',
  labelZh: '主机名',
  values: (n) => (n.facts.hostname === undefined ? undefined : [n.facts.hostname.toLowerCase()]),
  why: 'Node names come from hostnames; the second node would take over the first one’s identity.',
  whyZh: '节点名来自主机名；第二个节点会顶替第一个节点的身份。',
  fix: renderFix('set-hostname'),
});

export const duplicateMachineId = duplicates({
  id: 'duplicate-machine-id',
  severity: 'warn',
  label: 'machine-id',
  labelZh: 'machine-id',
  values: (n) => (n.facts.machineId ? [n.facts.machineId] : undefined),
  why: 'Cloned VMs: DHCP may hand them the same address and journald/systemd get confused.',
  whyZh: '克隆的虚拟机：DHCP 可能分配相同地址，journald/systemd 也会混乱。',
  fix: renderFix('regenerate-machine-id'),
});

export const duplicateProductUuid = duplicates({
  id: 'duplicate-product-uuid',
  severity: 'block',
  label: 'product_uuid',
  labelZh: 'product_uuid',
  values: (n) => (n.facts.productUuid ? [n.facts.productUuid.toLowerCase()] : undefined),
  why: 'Kubernetes requires a unique product_uuid per node; change it in the hypervisor (a new VM UUID) — it cannot be fixed from inside.',
  whyZh:
    'Kubernetes 要求每个节点的 product_uuid 唯一；请在虚拟化平台中修改（新的虚拟机 UUID），无法在系统内修复。',
});

export const duplicateMac = duplicates({
  id: 'duplicate-mac',
  severity: 'block',
  label: 'MAC address',
  labelZh: 'MAC 地址',
  values: (n) =>
    n.facts.interfaces
      ?.filter((i) => i.name !== 'lo' && i.mac && !IGNORED_MACS.has(i.mac.toLowerCase()))
      // Virtual interfaces (cni0, veth, flannel) legitimately repeat across nodes.
      .filter((i) => !/^(cni|flannel|veth|docker|cali|tunl|vxlan|kube)/.test(i.name))
      .map((i) => (i.mac ?? '').toLowerCase()),
  why: 'Two NICs with one MAC on one network break ARP; regenerate the MAC in the hypervisor.',
  whyZh: '同一网络中两块网卡 MAC 相同会破坏 ARP；请在虚拟化平台中重新生成 MAC。',
});

export const CLUSTER_CHECKS: readonly ClusterCheck[] = [
  duplicateHostname,
  duplicateMachineId,
  duplicateProductUuid,
  duplicateMac,
];
