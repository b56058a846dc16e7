import type { KubeadmPlanSummary } from '../../common/contracts/upgrade';
import type { Disagreement } from '../../common/upgrade/compareWithKubeadm';
import type { Hop, NodeTurn, UpgradePlan } from '../../common/upgrade/schema';

export type Lang = 'en' | 'zh';

const LABELS = {
  en: {
    title: (p: UpgradePlan) =>
      `Upgrade plan: ${p.current} → ${p.target} (${p.hops.length} hop${p.hops.length === 1 ? '' : 's'}, workers ${p.workerBatchSize} at a time)`,
    hop: (h: Hop) =>
      `Hop ${h.index}: ${h.from} → ${h.to}${h.verified ? '' : ' (image tags inferred)'}`,
    images: 'images',
    unchanged: 'unchanged',
    api: 'kubeadm config API',
    repo: 'package repository',
    none: 'none in this mirror profile',
    runtime: 'runtime',
    migration: 'a run of its own before this hop, on each node',
    downtime: 'downtime',
    cni: 'CNI',
    notes: 'notes',
    warnings: 'warnings',
    nodes: 'nodes, in order',
    already: 'already on this version',
    batch: 'batch',
    steps: 'drain, {cmd}, upgrade kubelet and kubectl, restart kubelet, uncordon',
    disagree: "kubeadm's plan differs from kubelab's:",
    agree: "kubeadm's plan agrees with kubelab's first hop.",
  },
  zh: {
    title: (p: UpgradePlan) =>
      `升级计划：${p.current} → ${p.target}（共 ${p.hops.length} 跳，工作节点每批 ${p.workerBatchSize} 个）`,
    hop: (h: Hop) =>
      `第 ${h.index} 跳：${h.from} → ${h.to}${h.verified ? '' : '（镜像标签为推断）'}`,
    images: '镜像',
    unchanged: '不变',
    api: 'kubeadm 配置 API',
    repo: '软件包仓库',
    none: '此镜像配置中没有',
    runtime: '容器运行时',
    migration: '在这一跳之前单独运行，在每个节点上',
    downtime: '停机',
    cni: 'CNI',
    notes: '说明',
    warnings: '警告',
    nodes: '节点顺序',
    already: '已是此版本',
    batch: '批次',
    steps: '驱逐、{cmd}、升级 kubelet 和 kubectl、重启 kubelet、恢复调度',
    disagree: 'kubeadm 的计划与 kubelab 的不同：',
    agree: 'kubeadm 的计划与 kubelab 的第一跳一致。',
  },
} as const;

function change(before: string, after: string, unchanged: string): string {
  return before === after ? `${after} (${unchanged})` : `${before} → ${after}`;
}

function turnLine(n: NodeTurn, i: number, lang: Lang): string {
  const l = LABELS[lang];
  const where = n.batch === undefined ? n.role : `${n.role}, ${l.batch} ${n.batch}`;
  const what = n.alreadyDone ? l.already : l.steps.replace('{cmd}', n.command);
  return `    ${i + 1}. ${n.name} (${where}): ${what}`;
}

function hopLines(h: Hop, lang: Lang): string[] {
  const l = LABELS[lang];
  const lines = [l.hop(h), `  ${l.images}:`];
  const w = Math.max(...h.images.map((i) => i.component.length));
  for (const i of h.images)
    lines.push(`    ${i.component.padEnd(w)}  ${change(i.before, i.after, l.unchanged)}`);
  lines.push(
    `  etcd: ${change(h.etcd.before, h.etcd.after, l.unchanged)}`,
    `  CoreDNS: ${change(h.coredns.before, h.coredns.after, l.unchanged)}`,
    `  ${l.api}: ${change(h.kubeadmApi.before, h.kubeadmApi.after, l.unchanged)}`,
  );
  for (const r of h.repositories)
    lines.push(
      `  ${l.repo} (${r.family}): ${r.url ?? l.none}${r.url && !r.changes ? ` (${l.unchanged})` : ''}`,
    );
  for (const s of h.runtime) {
    lines.push(`  ${l.runtime}: ${s.text[lang]}`);
    if (s.actions) {
      lines.push(`    ${l.migration}:`, ...s.actions.map((a, i) => `      ${i + 1}. ${a[lang]}`));
    }
    if (s.downtime) lines.push(`    ${l.downtime}: ${s.downtime[lang]}`);
  }
  lines.push(
    `  ${l.cni}: ${h.cni.plugin} ${change(h.cni.before ?? '?', h.cni.after ?? '?', l.unchanged)}`,
  );
  if (h.notes.length > 0) lines.push(`  ${l.notes}:`, ...h.notes.map((n) => `    - ${n[lang]}`));
  if (h.warnings.length > 0)
    lines.push(`  ${l.warnings}:`, ...h.warnings.map((n) => `    ! ${n[lang]}`));
  lines.push(`  ${l.nodes}:`, ...h.nodes.map((n, i) => turnLine(n, i, lang)));
  return lines;
}

/** The plan as `kubelab upgrade --dry-run` prints it. */
export function formatUpgradePlan(plan: UpgradePlan, lang: Lang): string {
  const lines = [LABELS[lang].title(plan), ...plan.notes.map((n) => `  - ${n[lang]}`)];
  for (const h of plan.hops) lines.push('', ...hopLines(h, lang));
  return `${lines.join('\n')}\n`;
}

export function formatDisagreements(list: readonly Disagreement[], lang: Lang): string {
  if (list.length === 0) return `${LABELS[lang].agree}\n`;
  return `${[LABELS[lang].disagree, ...list.map((d) => `  - ${d.text[lang]}`)].join('\n')}\n`;
}

/** What kubeadm's own `upgrade plan` said on the first control plane (upgrade.livePlan). */
export function formatKubeadmSummary(k: KubeadmPlanSummary, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = [
    zh
      ? `kubeadm upgrade plan（在 ${k.nodeId} 上）：集群 ${k.clusterVersion ?? '?'}，kubeadm ${k.kubeadmVersion ?? '?'}`
      : `kubeadm upgrade plan (on ${k.nodeId}): cluster ${k.clusterVersion ?? '?'}, kubeadm ${k.kubeadmVersion ?? '?'}`,
  ];
  if (k.upgrades.length === 0) lines.push(zh ? '  未提供任何升级' : '  no upgrade offered');
  for (const u of k.upgrades) {
    lines.push(
      `  ${u.description}${u.applyVersion ? ` → kubeadm upgrade apply v${u.applyVersion}` : ''}`,
    );
    for (const c of u.components) lines.push(`    ${c.name.padEnd(24)} ${c.current} → ${c.target}`);
  }
  return `${lines.join('\n')}\n`;
}
