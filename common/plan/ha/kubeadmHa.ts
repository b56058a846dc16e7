import { isHaTopology } from '../../model/ha';
import type { ClusterPlan } from '../../model/plan';
import { parseEndpoint } from './endpoint';

/**
 * kubeadm's external etcd client files, as kubernetes.io's "Set up a High Availability etcd
 * Cluster with kubeadm" and "Creating Highly Available Clusters with kubeadm" (external etcd
 * nodes) place them: the etcd CA and the API server's etcd client pair, copied to the first
 * control plane before init.
 */
export const EXTERNAL_ETCD_FILES = {
  caFile: '/etc/kubernetes/pki/etcd/ca.crt',
  certFile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
  keyFile: '/etc/kubernetes/pki/apiserver-etcd-client.key',
} as const;

/**
 * The ClusterConfiguration fields an HA plan adds (controlPlaneEndpoint itself is written by
 * kubeadmConfig.ts, as before):
 * - `apiServer.certSANs`: the endpoint's host (and the VIP when the endpoint is a DNS name), so
 *   the serving certificate names the address clients dial. kubeadm also adds the endpoint host
 *   on its own (GetAPIServerAltNames, cmd/kubeadm/app/util/pkiutil/pki_helpers.go); writing it
 *   keeps it visible in the preview and holds when the endpoint is later fronted differently.
 * - `etcd.external.{endpoints, caFile, certFile, keyFile}` for the external-etcd topology.
 * Both fields have the same names and shapes in v1beta2, v1beta3 and v1beta4
 * (cmd/kubeadm/app/apis/kubeadm/v1beta{2,3,4}/types.go: APIServer.CertSANs, ExternalEtcd).
 */
export function haClusterFields(plan: ClusterPlan): Record<string, unknown> {
  if (!isHaTopology(plan.topology)) return {};
  const out: Record<string, unknown> = {};
  const sans: string[] = [];
  const host = parseEndpoint(plan.controlPlaneEndpoint)?.host;
  if (host) sans.push(host);
  const lb = plan.loadBalancer;
  if (lb && lb.kind !== 'external' && !sans.includes(lb.vip)) sans.push(lb.vip);
  if (sans.length > 0) out.apiServer = { certSANs: sans };
  if (plan.topology === 'external-etcd') {
    out.etcd = {
      external: { endpoints: [...(plan.externalEtcdEndpoints ?? [])], ...EXTERNAL_ETCD_FILES },
    };
  }
  return out;
}
