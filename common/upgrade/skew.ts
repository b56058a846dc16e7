import type { ResolvedVersion } from '../catalog/images';
import type { LocalizedText } from '../model/diagnosis';
import type { KubeletVersions, NodeRef } from './nodeOrder';

/**
 * The kubelet's allowed skew against kube-apiserver: never newer, and at most two minors older up
 * to 1.27, three from 1.28 (kubernetes.io/releases/version-skew-policy, "kubelet"; the change is
 * KEP-3935, Kubernetes 1.28). A hop moves the API server to its version first, so a node whose
 * kubelet is further behind than that would be out of the supported skew during the hop.
 */
export const WIDER_KUBELET_SKEW_FROM = 28;

export function allowedKubeletSkew(apiServerMinor: number): number {
  return apiServerMinor >= WIDER_KUBELET_SKEW_FROM ? 3 : 2;
}

function minorOf(version: string): number | undefined {
  const m = /^v?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : undefined;
}

export function skewWarnings(
  nodes: readonly NodeRef[],
  kubelets: KubeletVersions,
  to: ResolvedVersion,
): LocalizedText[] {
  const skew = allowedKubeletSkew(to.minor);
  const warnings: LocalizedText[] = [];
  for (const n of nodes) {
    const kubelet = kubelets[n.id];
    const minor = kubelet === undefined ? undefined : minorOf(kubelet);
    if (kubelet === undefined || minor === undefined || to.minor - minor <= skew) continue;
    warnings.push({
      en: `${n.name}: kubelet ${kubelet} is more than ${skew} minor versions behind 1.${to.minor}, outside the version skew policy; upgrade it before this hop.`,
      zh: `${n.name}：kubelet ${kubelet} 落后 1.${to.minor} 超过 ${skew} 个次版本，超出版本偏差策略；请在此次升级前先升级它。`,
    });
  }
  return warnings;
}
