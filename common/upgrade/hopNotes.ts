import type { LocalizedText } from '../model/diagnosis';
import type { Hop, HopRepository, ImageChange } from './schema';

/**
 * The sentences a hop's changes turn into, EN and ZH. Facts cited where the data is made
 * (./hopChanges.ts, ./runtimeSteps.ts); the kubeadm config API points are:
 * - v1beta3 from 1.22 and v1beta4 from 1.31 (kubernetes.io/docs/reference/config-api/
 *   kubeadm-config.v1beta3 and …v1beta4; ../catalog/kubernetesVersions.ts holds the table);
 * - `kubeadm upgrade apply` reads the ClusterConfiguration from the kubeadm-config ConfigMap and
 *   stores it again in its own API version ("[upload-config] Storing the configuration used in
 *   ConfigMap "kubeadm-config"" in the published apply output, kubeadm-upgrade.md at
 *   kubernetes/website@0189ae0f6bf2a79ff2e4bfd5f9ec0da98d64c5d2), and
 *   `kubeadm config migrate --old-config` converts a file (kubernetes.io/docs/reference/
 *   setup-tools/kubeadm/generated/kubeadm_config_migrate: "kubeadm can only write out config of
 *   version … but read both types");
 * - kubeadm 1.26 removed v1beta2 (kubernetes/kubernetes#114540).
 */

export const V1BETA2_REMOVED_IN = 26;

export function apiNotes(before: string, after: string, toMinor: number): LocalizedText[] {
  const notes: LocalizedText[] = [];
  if (before !== after) {
    notes.push({
      en: `kubeadm config API: kubeadm.k8s.io/${before} → ${after}. kubeadm converts the kubeadm-config ConfigMap during upgrade apply; a config file written for this hop uses ${after} (kubeadm config migrate converts an old one).`,
      zh: `kubeadm 配置 API：kubeadm.k8s.io/${before} → ${after}。kubeadm 在 upgrade apply 时自行转换 kubeadm-config ConfigMap；为此次升级写的配置文件使用 ${after}（旧文件可用 kubeadm config migrate 转换）。`,
    });
  }
  if (toMinor === V1BETA2_REMOVED_IN) {
    notes.push({
      en: `kubeadm 1.${V1BETA2_REMOVED_IN} no longer reads kubeadm.k8s.io/v1beta2 files: any kept file must be migrated first.`,
      zh: `kubeadm 1.${V1BETA2_REMOVED_IN} 不再读取 kubeadm.k8s.io/v1beta2 文件：保留的旧文件须先迁移。`,
    });
  }
  return notes;
}

export function repositoryNotes(
  toMinor: number,
  fromLayout: 'legacy' | 'pkgs',
  repos: readonly HopRepository[],
): { notes: LocalizedText[]; warnings: LocalizedText[] } {
  const notes: LocalizedText[] = [];
  const warnings: LocalizedText[] = [];
  const to = repos[0]?.layout ?? 'pkgs';
  if (fromLayout === 'legacy' && to === 'pkgs') {
    notes.push({
      en: `Package layout changes from the legacy repository (kubernetes-xenial / kubernetes-el7) to pkgs.k8s.io, one repository per minor, with a new signing key.`,
      zh: `软件包仓库布局从旧仓库（kubernetes-xenial / kubernetes-el7）改为 pkgs.k8s.io（每个次版本一个仓库），签名密钥也随之更换。`,
    });
  }
  for (const repo of repos) {
    if (!repo.url) {
      warnings.push({
        en: `The mirror profile has no ${repo.family} repository for 1.${toMinor} (the upstream legacy repositories were removed on 2024-03-04); set a legacy repository override in the plan or use the china profile.`,
        zh: `镜像配置中没有 1.${toMinor} 的 ${repo.family} 仓库（上游旧仓库已于 2024-03-04 移除）；请在计划中设置旧仓库地址，或使用国内镜像配置。`,
      });
    } else if (repo.changes) {
      notes.push({
        en: `Switch every node's ${repo.family} repository to ${repo.url} before upgrading kubeadm.`,
        zh: `升级 kubeadm 之前，把每个节点的 ${repo.family} 仓库切换到 ${repo.url}。`,
      });
    }
  }
  return { notes, warnings };
}

export function registryNote(images: readonly ImageChange[]): LocalizedText | undefined {
  const registryOf = (image: string): string => image.slice(0, image.lastIndexOf('/'));
  const api = images.find((i) => i.component === 'kube-apiserver');
  if (!api || registryOf(api.before) === registryOf(api.after)) return undefined;
  return {
    en: `kubeadm's default image repository changes: ${registryOf(api.before)} → ${registryOf(api.after)}.`,
    zh: `kubeadm 默认镜像仓库变更：${registryOf(api.before)} → ${registryOf(api.after)}。`,
  };
}

export function cniNotes(cni: Hop['cni']): { notes: LocalizedText[]; warnings: LocalizedText[] } {
  if (!cni.after) {
    return {
      notes: [],
      warnings: [
        {
          en: `kubelab has no ${cni.plugin} release for this version: check the CNI's own support matrix before this hop.`,
          zh: `kubelab 没有适用于此版本的 ${cni.plugin} 版本：此次升级前请查看该 CNI 的支持矩阵。`,
        },
      ],
    };
  }
  if (cni.before === cni.after) return { notes: [], warnings: [] };
  return {
    notes: [
      {
        en: `CNI: ${cni.plugin} ${cni.before ?? '?'} → ${cni.after}, applied after the first control plane is upgraded.`,
        zh: `CNI：${cni.plugin} ${cni.before ?? '?'} → ${cni.after}，在第一个控制平面升级后应用。`,
      },
    ],
    warnings: [],
  };
}
