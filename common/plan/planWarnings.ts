import { resolveVersion } from '../catalog/images';
import { NEWEST_MINOR, newestVersion } from '../catalog/kubernetesVersions';
import type { ClusterPlan, FieldError } from '../model/plan';

/**
 * What a valid plan should still tell its author. Today one thing: a Kubernetes version newer
 * than the catalog, which issue 16 allows ("a version newer than the catalog is allowed with an
 * explicit warning and resolved from the repository") instead of refusing it, since the
 * catalog lagging releases is a top complaint about the peers. Never blocks a save or a run.
 */
export function planWarnings(plan: ClusterPlan): FieldError[] {
  const v = resolveVersion(plan.kubernetesVersion);
  if (!v?.beyondCatalog) return [];
  const newest = newestVersion();
  return [
    {
      field: 'kubernetesVersion',
      message: `Kubernetes ${v.version} is newer than kubelab's catalog (newest ${newest}). It is allowed: kubelet, kubeadm and kubectl are resolved from the package repository at install (preflight first checks the repository has ${v.version}), the images come from the node's kubeadm (there is no catalog list to preview), and kubeadm's configuration format, the runtimes and the pause image are assumed to be those of 1.${NEWEST_MINOR}.`,
      messageZh: `Kubernetes ${v.version} 比 kubelab 的版本目录更新（目录中最新为 ${newest}）。允许使用：kubelet、kubeadm 和 kubectl 在安装时从软件源解析（预检会先确认软件源提供 ${v.version}），镜像列表来自节点上的 kubeadm（目录中没有可预览的镜像列表），kubeadm 配置格式、容器运行时和 pause 镜像按 1.${NEWEST_MINOR} 的情况处理。`,
    },
  ];
}
