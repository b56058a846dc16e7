import { resolveVersion } from '../../common/catalog/images';
import {
  buildCertificateList,
  type KubeletCert,
  type NodeRef,
} from '../../common/certs/certificateList';
import type { CheckExpiration } from '../../common/certs/checkExpiration';
import type { CertificateList } from '../../common/certs/model';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { Remote } from '../engine/remote';
import { parseNodeCerts } from './certsParser';
import { remoteScript } from '../remoteScripts/remoteScripts';

/** `kubeadm certs` graduated from `alpha` in 1.20 (kubernetes/kubernetes#94938). */
function usesAlpha(plan: ClusterPlan): boolean {
  const minor =
    resolveVersion(plan.kubernetesVersion)?.minor ??
    Number(/^v?1\.(\d+)/.exec(plan.kubernetesVersion)?.[1]);
  return Number.isFinite(minor) && minor < 20;
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .pop() ?? ''
  );
}

/**
 * Every node's certificates, read at once (each node in parallel, read-only): kubeadm's table on
 * the control planes, the kubelet's client and serving certificates everywhere. A node that
 * cannot be read is named in `errors`; the others are still listed.
 */
export async function listCertificates(
  nodes: readonly NodeSpec[],
  plan: ClusterPlan,
  remote: (nodeId: string) => Remote,
  now: () => number = Date.now,
): Promise<CertificateList> {
  const kubeadm: (NodeRef & { table: CheckExpiration })[] = [];
  const kubelet: KubeletCert[] = [];
  const errors: CertificateList['errors'] = [];
  const alpha = usesAlpha(plan);
  await Promise.all(
    nodes.map(async (n) => {
      const ref = { nodeId: n.id, nodeName: n.name };
      const controlPlane = n.role === 'control-plane';
      try {
        const res = await remote(n.id).exec(remoteScript('certs/certs'), {
          root: true,
          env: { KL_KUBEADM: controlPlane ? '1' : '0', KL_ALPHA: alpha ? '1' : '0' },
          timeoutMs: 60_000,
        });
        if (!res.stdout.includes('@@KL:end')) {
          errors.push({ ...ref, message: `exit ${res.code}: ${lastLine(res.stderr)}` });
          return;
        }
        const out = parseNodeCerts(res.stdout);
        for (const k of out.kubelet) kubelet.push({ ...ref, ...k });
        if (controlPlane && out.kubeadm?.table) kubeadm.push({ ...ref, table: out.kubeadm.table });
        else if (controlPlane)
          errors.push({
            ...ref,
            message: `kubeadm certs check-expiration (exit ${out.kubeadm?.exitCode ?? '?'}): ${lastLine(out.kubeadm?.text ?? '')}`,
          });
      } catch (e) {
        errors.push({ ...ref, message: e instanceof Error ? e.message : String(e) });
      }
    }),
  );
  return buildCertificateList(kubeadm, kubelet, errors, now());
}
