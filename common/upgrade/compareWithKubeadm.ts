import { z } from 'zod';
import { LocalizedTextSchema } from '../model/diagnosis';
import { bareVersion, type KubeadmUpgradePlanOutput, type KubeletRow } from './kubeadmPlanParser';
import type { UpgradePlan } from './schema';

/**
 * kubeadm's own `upgrade plan` on the first control plane, set against kubelab's first hop. They
 * can rightly differ — the node's repository may have a newer patch than the catalog, kubeadm on
 * the node may not be upgraded yet — so a difference is listed for the user, never hidden and
 * never "fixed" silently.
 */

export const DisagreementSchema = z.object({
  subject: z.enum([
    'cluster-version',
    'no-matching-upgrade',
    'target',
    'etcd',
    'coredns',
    'kubelets',
    'kubeadm-version',
    'kubelet-version',
  ]),
  kubeadm: z.string(),
  kubelab: z.string(),
  text: LocalizedTextSchema,
});
export type Disagreement = z.infer<typeof DisagreementSchema>;

function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}

export function compareWithKubeadm(
  kubeadm: KubeadmUpgradePlanOutput,
  plan: UpgradePlan,
): Disagreement[] {
  const hop = plan.hops[0];
  if (!hop) return [];
  const out: Disagreement[] = [];
  if (kubeadm.clusterVersion && kubeadm.clusterVersion !== plan.current) {
    out.push({
      subject: 'cluster-version',
      kubeadm: kubeadm.clusterVersion,
      kubelab: plan.current,
      text: {
        en: `kubeadm reports the cluster at ${kubeadm.clusterVersion}; kubelab planned from ${plan.current}.`,
        zh: `kubeadm 报告集群版本为 ${kubeadm.clusterVersion}；kubelab 的计划以 ${plan.current} 为起点。`,
      },
    });
  }
  const option = kubeadm.upgrades.find(
    (u) => u.applyVersion !== undefined && minorOf(u.applyVersion) === minorOf(hop.to),
  );
  if (!option?.applyVersion) {
    const offered = kubeadm.upgrades.map((u) => u.applyVersion ?? '?').join(', ') || 'none';
    out.push({
      subject: 'no-matching-upgrade',
      kubeadm: offered,
      kubelab: hop.to,
      text: alreadyThere(kubeadm.clusterVersion, hop.to)
        ? {
            en: `kubeadm offers nothing newer: the control plane already runs ${kubeadm.clusterVersion ?? ''} (a run stopped after kubeadm upgrade apply, or the cluster was upgraded elsewhere). Running the upgrade again finds the control plane done and goes on with the nodes.`,
            zh: `kubeadm 没有更新的版本可升级：控制平面已运行 ${kubeadm.clusterVersion ?? ''}（某次运行在 kubeadm upgrade apply 之后中断，或集群已在别处升级）。再次运行升级会发现控制平面已完成，并继续升级各节点。`,
          }
        : {
            en: `kubeadm offers no upgrade to 1.${minorOf(hop.to)} (it offers: ${offered}); the node's kubeadm is probably not on 1.${minorOf(hop.to)} yet.`,
            zh: `kubeadm 没有提供升级到 1.${minorOf(hop.to)} 的选项（提供的是：${offered}）；节点上的 kubeadm 可能尚未升级到 1.${minorOf(hop.to)}。`,
          },
    });
    return out;
  }
  if (option.applyVersion !== hop.to) {
    out.push({
      subject: 'target',
      kubeadm: option.applyVersion,
      kubelab: hop.to,
      text: {
        en: `kubeadm targets ${option.applyVersion}, the catalog's newest 1.${minorOf(hop.to)} is ${hop.to}: the run takes the patch the node's repository offers.`,
        zh: `kubeadm 的目标是 ${option.applyVersion}，目录中 1.${minorOf(hop.to)} 的最新版本是 ${hop.to}：运行时以节点仓库提供的补丁版本为准。`,
      },
    });
  }
  out.push(...kubeletsBehind(option.kubelets, plan.current));
  const kubeadmMinor = kubeadm.kubeadmVersion ? minorOf(kubeadm.kubeadmVersion) : undefined;
  if (kubeadmMinor !== undefined && kubeadm.kubeadmVersion && kubeadmMinor < minorOf(hop.to)) {
    // kubeadm takes CoreDNS from its own constants and etcd from its own table (the nearest one
    // for a newer Kubernetes), so an older kubeadm's addon targets say nothing about the hop.
    out.push(olderKubeadm(kubeadm.kubeadmVersion, hop.to));
    return out;
  }
  const component = (name: string): string | undefined =>
    option.components.find((c) => c.name === name)?.target;
  const etcd = component('etcd');
  if (etcd && bareVersion(etcd) !== bareVersion(hop.etcd.after)) {
    out.push({
      subject: 'etcd',
      kubeadm: etcd,
      kubelab: hop.etcd.after,
      text: {
        en: `kubeadm would move etcd to ${etcd}; kubelab's catalog says ${hop.etcd.after} for ${hop.to}.`,
        zh: `kubeadm 会把 etcd 升到 ${etcd}；kubelab 目录中 ${hop.to} 对应的是 ${hop.etcd.after}。`,
      },
    });
  }
  const dns = component('CoreDNS');
  if (dns && bareVersion(dns) !== bareVersion(hop.coredns.after)) {
    out.push({
      subject: 'coredns',
      kubeadm: dns,
      kubelab: hop.coredns.after,
      text: {
        en: `kubeadm would move CoreDNS to ${dns}; kubelab's catalog says ${hop.coredns.after} for ${hop.to}.`,
        zh: `kubeadm 会把 CoreDNS 升到 ${dns}；kubelab 目录中 ${hop.to} 对应的是 ${hop.coredns.after}。`,
      },
    });
  }
  const kubeletCount = option.kubelets.reduce((sum, k) => sum + (k.count ?? 1), 0);
  if (option.kubelets.length > 0 && kubeletCount !== hop.nodes.length) {
    out.push({
      subject: 'kubelets',
      kubeadm: String(kubeletCount),
      kubelab: String(hop.nodes.length),
      text: {
        en: `kubeadm counts ${kubeletCount} kubelets; the project has ${hop.nodes.length} nodes.`,
        zh: `kubeadm 统计到 ${kubeletCount} 个 kubelet；项目中有 ${hop.nodes.length} 个节点。`,
      },
    });
  }
  return out;
}

/** True when kubeadm's cluster version is already the hop's or newer (kubeadm offers nothing). */
function alreadyThere(clusterVersion: string | undefined, hopTo: string): boolean {
  if (!clusterVersion) return false;
  const [cMinor, cPatch] = clusterVersion.split('.').slice(1).map(Number);
  const [hMinor, hPatch] = hopTo.split('.').slice(1).map(Number);
  if (cMinor === undefined || hMinor === undefined) return false;
  return cMinor > hMinor || (cMinor === hMinor && (cPatch ?? 0) >= (hPatch ?? 0));
}

function olderKubeadm(kubeadmVersion: string, hopTo: string): Disagreement {
  return {
    subject: 'kubeadm-version',
    kubeadm: kubeadmVersion,
    kubelab: hopTo,
    text: {
      en: `kubeadm on the control plane is ${kubeadmVersion}, older than the hop's ${hopTo}: it plans with its own etcd and CoreDNS versions, so those are not compared. The run upgrades kubeadm to ${hopTo} first; ask again after that to compare them.`,
      zh: `控制平面上的 kubeadm 是 ${kubeadmVersion}，比本跳的 ${hopTo} 旧：它按自己内置的 etcd 和 CoreDNS 版本做计划，因此不比较这两项。运行时会先把 kubeadm 升到 ${hopTo}；之后再查询即可比较。`,
    },
  };
}

/** Kubelets kubeadm sees on a version other than the one kubelab plans every node from. */
function kubeletsBehind(kubelets: readonly KubeletRow[], current: string): Disagreement[] {
  const byVersion = new Map<string, { count: number; nodes: string[] }>();
  for (const k of kubelets) {
    if (bareVersion(k.current) === current) continue;
    const entry = byVersion.get(k.current) ?? { count: 0, nodes: [] };
    entry.count += k.count ?? 1;
    if (k.node) entry.nodes.push(k.node);
    byVersion.set(k.current, entry);
  }
  return [...byVersion.entries()].map(([version, { count, nodes }]) => {
    const named = nodes.length > 0 ? ` (${nodes.join(', ')})` : '';
    return {
      subject: 'kubelet-version' as const,
      kubeadm: `${count} x ${version}`,
      kubelab: current,
      text: {
        en: `kubeadm sees ${count} kubelet(s) on ${version}${named}; kubelab plans every node from ${current}. A node was left behind or changed by hand: check it before the hop.`,
        zh: `kubeadm 看到 ${count} 个 kubelet 处于 ${version}${named}；kubelab 的计划假定所有节点都从 ${current} 开始。有节点落后或被手动改动：升级前请检查该节点。`,
      },
    };
  });
}
