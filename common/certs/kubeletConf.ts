/**
 * Facts for regenerating a node's kubelet.conf (steps kubelet-conf-inspect, kubelet-conf-issue,
 * kubelet-conf): pure, so the version rule and the node-name rule are unit tested.
 */

/**
 * Days before its end at which a kubelet client certificate counts as not rotated: the kubelet
 * renews at 70-90% of a certificate's life (client-go util/certificate nextRotationDeadline), at
 * least 36 days ahead for kubeadm's one-year certificates; 30 is also the report's warning line.
 */
export const KUBELET_CERT_WARN_DAYS = 30;

/**
 * The kubeadm command group that writes a kubeconfig for another user on kubeadm 1.`minor`:
 * `kubeadm kubeconfig user` from 1.21 (kubernetes/kubernetes#97583, "graduate the command
 * `kubeadm alpha kubeconfig user` to `kubeadm kubeconfig user`"), `kubeadm alpha kubeconfig user`
 * before (removed in 1.22, kubernetes/kubeadm#2292).
 */
export function kubeconfigUserGroup(minor: number): 'kubeconfig' | 'alpha kubeconfig' {
  return minor >= 21 ? 'kubeconfig' : 'alpha kubeconfig';
}

/** A Node name (an RFC 1123 DNS subdomain), as `system:node:<name>` needs it. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** What kubelet-conf-inspect read on a node. */
export interface KubeletConfState {
  needed: boolean;
  nodeName: string;
  reason: string;
}

/**
 * kubelet-conf-inspect's outputs as facts; a name that is not a Node name (read from the node's
 * own certificate, so not trusted) is refused rather than signed.
 */
export function kubeletConfState(out: Record<string, string>): KubeletConfState {
  const nodeName = out.nodeName ?? '';
  if (!NODE_NAME.test(nodeName) || nodeName.length > 253) {
    throw new Error(`kubelet-conf-inspect read node name "${nodeName}", which is not a Node name`);
  }
  return { needed: out.needed === 'yes', nodeName, reason: out.reason ?? '' };
}
