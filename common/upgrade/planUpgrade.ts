import { resolveVersion, type ResolvedVersion } from '../catalog/images';
import { packageLayout } from '../catalog/packages';
import { newestRelease } from '../catalog/releases';
import type { LocalizedText } from '../model/diagnosis';
import type { ClusterPlan, FieldError } from '../model/plan';
import { cniChange, imageChanges, repositoryChanges } from './hopChanges';
import { apiNotes, cniNotes, registryNote, repositoryNotes } from './hopNotes';
import { nodeTurns, type KubeletVersions, type NodeRef } from './nodeOrder';
import { runtimeThroughHop } from './runtimeSteps';
import type { DockerMigration, Hop, UpgradePlan } from './schema';
import { skewWarnings } from './skew';
import { resolveTarget } from './target';

export interface UpgradeRequest {
  /** The project's plan: runtime, mirror profile and overrides, CNI, installed version. */
  plan: ClusterPlan;
  nodes: readonly NodeRef[];
  /** `--to`: a minor (`1.21`) or a patch the catalog knows (`1.21.14`). */
  to: string;
  /** The control plane's version when known; default: the plan's kubernetesVersion. */
  current?: string;
  /** Workers upgraded together; default 1 (labs). */
  workerBatchSize?: number;
  /** What Docker nodes move to at the 1.24 hop; default containerd. */
  dockerMigration?: DockerMigration;
  /** Each node's kubelet version when known (`1.19.16`); default: the cluster's version. */
  kubelets?: KubeletVersions;
}

export type UpgradePlanResult =
  { plan: UpgradePlan; errors: [] } | { plan: null; errors: FieldError[] };

export const MAX_WORKER_BATCH = 100;

const PLAN_NOTES: LocalizedText[] = [
  {
    en: 'Each hop is one minor version, to the highest patch the catalog knows for it; at run time the node’s package repository is asked (apt-cache madison kubeadm / dnf list --showduplicates kubeadm) and the hop takes the highest patch it offers for that minor.',
    zh: '每一跳只升一个次版本，目标为目录中该次版本的最高补丁版本；运行时会询问节点的软件包仓库（apt-cache madison kubeadm / dnf list --showduplicates kubeadm），取该次版本仓库中的最高补丁版本。',
  },
  {
    en: 'kubeadm never skips a minor version: 1.18 → 1.21 is three hops, each a full pass over the nodes.',
    zh: 'kubeadm 从不跳过次版本：1.18 → 1.21 需要三跳，每一跳都要完整处理所有节点。',
  },
];

function fieldError(field: string, en: string, zh: string): FieldError {
  return { field, message: en, messageZh: zh };
}

function checkRequest(req: UpgradeRequest): FieldError[] {
  const errors: FieldError[] = [];
  const size = req.workerBatchSize ?? 1;
  if (!Number.isInteger(size) || size < 1 || size > MAX_WORKER_BATCH) {
    errors.push(
      fieldError(
        'workerBatchSize',
        `The worker batch size must be a whole number from 1 to ${MAX_WORKER_BATCH}.`,
        `工作节点批次大小必须是 1 到 ${MAX_WORKER_BATCH} 之间的整数。`,
      ),
    );
  }
  if (!req.nodes.some((n) => n.role === 'control-plane')) {
    errors.push(
      fieldError(
        'nodes',
        'The project has no control-plane node: there is no cluster to upgrade.',
        '项目中没有控制平面节点：没有可升级的集群。',
      ),
    );
  }
  return errors;
}

/** The versions each hop goes to: one minor at a time, the last one exactly the target. */
function hopVersions(current: ResolvedVersion, target: ResolvedVersion): ResolvedVersion[] {
  const versions: ResolvedVersion[] = [];
  for (let minor = current.minor + 1; minor < target.minor; minor++) {
    const release = newestRelease(minor);
    const v = release && resolveVersion(release.version);
    if (!v) throw new Error(`catalog has no release of 1.${minor}`);
    versions.push(v);
  }
  versions.push(target);
  return versions;
}

export function planUpgrade(req: UpgradeRequest): UpgradePlanResult {
  const currentText = req.current ?? req.plan.kubernetesVersion;
  const current = resolveVersion(currentText);
  if (!current) {
    return {
      plan: null,
      errors: [
        fieldError(
          'current',
          `The cluster's version "${currentText}" is not in the catalog.`,
          `集群版本 "${currentText}" 不在目录中。`,
        ),
      ],
    };
  }
  const errors = checkRequest(req);
  const target = resolveTarget(req.to, current);
  if (!target.ok) errors.unshift(target.error);
  if (!target.ok || errors.length > 0) return { plan: null, errors };

  const batch = req.workerBatchSize ?? 1;
  const kubelets: Record<string, string | undefined> = {};
  for (const n of req.nodes) kubelets[n.id] = req.kubelets?.[n.id] ?? current.version;

  let runtime = req.plan.runtime;
  let from = current;
  const hops: Hop[] = hopVersions(current, target.version).map((to, i) => {
    const images = imageChanges(req.plan, from, to);
    const repositories = repositoryChanges(req.plan, from, to);
    const cni = cniChange(req.plan, from, to);
    const through = runtimeThroughHop(
      runtime,
      from.minor,
      to.minor,
      req.dockerMigration ?? 'containerd',
    );
    const repo = repositoryNotes(to.minor, packageLayout(from), repositories);
    const cniText = cniNotes(cni);
    const registry = registryNote(images);
    const hop: Hop = {
      index: i + 1,
      from: from.version,
      to: to.version,
      verified: to.verified,
      images,
      etcd: { before: from.release.etcd, after: to.release.etcd },
      coredns: { before: from.release.coredns, after: to.release.coredns },
      kubeadmApi: { before: from.entry.kubeadmApi, after: to.entry.kubeadmApi },
      repositories,
      runtime: through.steps,
      cni,
      notes: [
        ...repo.notes,
        ...apiNotes(from.entry.kubeadmApi, to.entry.kubeadmApi, to.minor),
        ...(registry ? [registry] : []),
        ...cniText.notes,
      ],
      warnings: [...repo.warnings, ...cniText.warnings, ...skewWarnings(req.nodes, kubelets, to)],
      nodes: nodeTurns(req.nodes, to.version, batch, kubelets),
    };
    runtime = through.runtimeAfter;
    from = to;
    // Every node ends the hop on its version, so the next hop's skew starts from there.
    for (const n of req.nodes) kubelets[n.id] = to.version;
    return hop;
  });

  return {
    plan: {
      current: current.version,
      target: target.version.version,
      runtime: req.plan.runtime,
      workerBatchSize: batch,
      hops,
      notes: PLAN_NOTES,
    },
    errors: [],
  };
}
