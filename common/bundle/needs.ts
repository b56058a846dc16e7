import { resolveVersion, type ResolvedVersion } from '../catalog/images';
import type { LocalizedText } from '../model/diagnosis';
import type { ClusterPlan, FieldError } from '../model/plan';
import { planUpgrade } from '../upgrade/planUpgrade';
import { criDockerdArtifact } from './criDockerd';
import { cniArtifacts, kubeadmImageArtifacts, verifyImageArtifact } from './images';
import { machineRelease, type MachineRelease } from './machines';
import { noKubeRepository, packagesFor, runtimeAt } from './packages';
import type { Artifact, BundleMachine, BundleNeeds } from './schema';
import { mirrorChoices } from './sources';

export interface BundleRequest {
  plan: ClusterPlan;
  machines: readonly BundleMachine[];
  /** Also bundle every hop of a planned upgrade to this version (`1.21`, `1.21.14`). */
  upgradeTo?: string;
}

const NOTES: LocalizedText[] = [
  {
    en: 'Package files and their SHA-256 come from each repository’s index at build time (Packages / primary.xml), as apt and dnf resolve them; cri-tools and kubernetes-cni take the versions kubeadm’s Depends line asks for.',
    zh: '软件包文件及其 SHA-256 在构建时从各仓库索引（Packages / primary.xml）读取，与 apt、dnf 的解析方式相同；cri-tools 与 kubernetes-cni 取 kubeadm 依赖行要求的版本。',
  },
  {
    en: 'Images are stored as OCI archives under the name the node looks for, whichever mirror served them.',
    zh: '镜像以 OCI 归档保存，使用节点查找的名称，无论由哪个镜像源提供。',
  },
];

function fieldError(field: string, en: string, zh: string): FieldError {
  return { field, message: en, messageZh: zh };
}

/** The plan's version, then each hop's; or the field errors that stop the list. */
function bundleVersions(req: BundleRequest): { versions: ResolvedVersion[]; errors: FieldError[] } {
  const current = resolveVersion(req.plan.kubernetesVersion);
  if (!current) {
    const v = req.plan.kubernetesVersion;
    return {
      versions: [],
      errors: [
        fieldError(
          'plan.kubernetesVersion',
          `${v} is not a version the catalog knows.`,
          `目录中没有版本 ${v}。`,
        ),
      ],
    };
  }
  if (req.upgradeTo === undefined) return { versions: [current], errors: [] };
  const upgrade = planUpgrade({
    plan: req.plan,
    nodes: req.machines.map((m) => ({ id: m.nodeId, name: m.nodeId, role: m.role })),
    to: req.upgradeTo,
  });
  if (!upgrade.plan) {
    return {
      versions: [],
      errors: upgrade.errors.map((e) => ({ ...e, field: `upgradeTo (${e.field})` })),
    };
  }
  const hops = upgrade.plan.hops.map((h) => resolveVersion(h.to));
  return { versions: [current, ...hops.filter((v) => v !== undefined)], errors: [] };
}

/** Same id twice (two machines, two hops): one artifact serving every version it was asked for. */
function merge(list: Artifact[]): Artifact[] {
  const byId = new Map<string, Artifact>();
  for (const a of list) {
    const seen = byId.get(a.id);
    if (!seen) {
      byId.set(a.id, { ...a, forVersions: [...a.forVersions] });
      continue;
    }
    for (const v of a.forVersions) if (!seen.forVersions.includes(v)) seen.forVersions.push(v);
  }
  return [...byId.values()];
}

/**
 * Everything a bundle must hold for the plan on these machines: per distinct OS release and
 * architecture the packages, per version kubeadm's images, the CNI's images and manifest, and
 * cri-dockerd's package where it runs. Pure: no network; the builder resolves and downloads.
 */
export function bundleNeeds(req: BundleRequest): BundleNeeds {
  const { versions, errors } = bundleVersions(req);
  const releases: MachineRelease[] = [];
  req.machines.forEach((m, i) => {
    const r = machineRelease(m, i);
    if (!r.ok) errors.push(r.error);
    else if (!releases.some((o) => JSON.stringify(o) === JSON.stringify(r.release))) {
      releases.push(r.release);
    }
  });
  if (req.machines.length === 0) {
    errors.push(
      fieldError(
        'machines',
        'No machine has collected facts: the bundle needs each node’s OS and architecture.',
        '没有机器收集到主机信息：打包需要每个节点的操作系统和架构。',
      ),
    );
  }
  const artifacts: Artifact[] = [];
  for (const v of versions) {
    const choices = mirrorChoices(req.plan, v);
    for (const m of releases) {
      if (noKubeRepository(v, m, choices)) {
        errors.push(
          fieldError(
            'plan.mirrors',
            `No mirror profile has a ${m.family} repository for Kubernetes ${v.version}.`,
            `没有镜像配置提供 Kubernetes ${v.version} 的 ${m.family} 仓库。`,
          ),
        );
      }
      artifacts.push(...packagesFor(v, req.plan.runtime, m, choices));
      if (runtimeAt(req.plan.runtime, v.minor) === 'cri-dockerd') {
        artifacts.push(criDockerdArtifact(m, v.version, choices));
      }
    }
    artifacts.push(...kubeadmImageArtifacts(v, choices));
    const cni = cniArtifacts(req.plan, v, choices);
    artifacts.push(...cni.images, ...cni.manifest);
    // Online, verify's pods pull their image through the mirror; offline it must be in the bundle.
    if (req.plan.offline === true) artifacts.push(verifyImageArtifact(v, choices));
  }
  return {
    versions: versions.map((v) => v.version),
    artifacts: errors.length > 0 ? [] : merge(artifacts),
    errors,
    notes: NOTES,
  };
}
