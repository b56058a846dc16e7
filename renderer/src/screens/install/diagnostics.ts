/**
 * What an admin types first when a step fails, by step; "Open terminal here" types the first
 * one (not run) and lists the rest.
 */
const KUBELET = 'journalctl -u kubelet -n 200 --no-pager';
const CONTAINERS = 'crictl ps -a';

const BY_STEP: Record<string, string[]> = {
  'prepare-os': [
    'swapon --show',
    'lsmod | grep -E "br_netfilter|overlay"',
    'sysctl net.ipv4.ip_forward',
  ],
  'container-runtime': [
    'systemctl status containerd docker --no-pager',
    'journalctl -u containerd -n 200 --no-pager',
  ],
  'kube-packages': [
    'apt-cache policy kubeadm kubelet kubectl',
    'cat /etc/apt/sources.list.d/*.list',
  ],
  'enable-kubelet': ['systemctl status kubelet --no-pager', KUBELET],
  'pull-images': ['crictl images', 'journalctl -u containerd -n 100 --no-pager'],
  'kubeadm-init': [KUBELET, CONTAINERS],
  'admin-kubeconfig': ['ls -l /etc/kubernetes/admin.conf'],
  'install-cni': [
    'kubectl --kubeconfig /etc/kubernetes/admin.conf get pods -A -o wide',
    CONTAINERS,
  ],
  'join-node': [KUBELET, CONTAINERS],
  'wait-ready': ['kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o wide', KUBELET],
};

export function diagnosticCommands(stepId: string): string[] {
  return BY_STEP[stepId] ?? [KUBELET, CONTAINERS];
}
