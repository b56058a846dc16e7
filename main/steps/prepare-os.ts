import { FLANNEL_VXLAN_PORT } from '../../common/catalog/cni';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import script from './scripts/prepare-os.sh?raw';
import { scriptStep } from './scriptStep';

/**
 * The ports a node needs open (kubernetes.io "Ports and Protocols"): the API server, etcd,
 * kubelet, controller-manager and scheduler on the control plane; kubelet and NodePorts on
 * workers; the CNI's overlay on both (flannel VXLAN, calico BGP and VXLAN).
 */
export function openPorts(node: NodeSpec, plan: ClusterPlan): string[] {
  const ports =
    node.role === 'control-plane'
      ? [`${plan.bindPort}/tcp`, '2379-2380/tcp', '10250/tcp', '10257/tcp', '10259/tcp']
      : ['10250/tcp', '30000-32767/tcp'];
  if (plan.cni.plugin === 'flannel') ports.push(`${FLANNEL_VXLAN_PORT}/udp`);
  else ports.push('179/tcp', '4789/udp');
  return ports;
}

export const prepareOs = scriptStep({
  id: 'prepare-os',
  script,
  retries: 1,
  env: ({ node, plan }) => ({
    FIREWALL: plan.firewall,
    OPEN_PORTS: openPorts(node, plan).join(' '),
    RUNTIME: plan.runtime,
  }),
});
