import { newestVersion } from '../catalog/kubernetesVersions';
import { MIRRORS } from '../catalog/mirrors';
import type { NodeSpec } from '../model/node';
import type { ClusterPlan } from '../model/plan';

/**
 * The seed guide as a plan: its `kubeadm init` flags —
 *   --apiserver-advertise-address=192.168.100.111 --apiserver-bind-port=6443
 *   --kubernetes-version=v1.18.2 --pod-network-cidr=10.10.0.0/16 --service-cidr=10.20.0.0/16
 *   --service-dns-domain=k8stest.local
 *   --image-repository=registry.cn-hangzhou.aliyuncs.com/google_containers
 *   --ignore-preflight-errors=swap
 * with Docker from Aliyun, the Aliyun Kubernetes apt repo and flannel. What kubelab changes:
 * flannel's net-conf.json gets the plan's pod CIDR (the guide left 10.244.0.0/16).
 */
export function guidePlan(): ClusterPlan {
  return {
    clusterName: 'kubernetes',
    kubernetesVersion: '1.18.2',
    runtime: 'docker',
    mirrorProfile: 'china',
    mirrors: {},
    imageRepository: MIRRORS.china.imageRepository,
    advertiseAddress: '192.168.100.111',
    bindPort: 6443,
    podCidr: '10.10.0.0/16',
    serviceCidr: '10.20.0.0/16',
    dnsDomain: 'k8stest.local',
    cni: { plugin: 'flannel' },
    controlPlaneMode: 'static-pod',
    ignorePreflightErrors: ['swap'],
    firewall: 'disable',
  };
}

/** The guide's machines: master1 and two workers (node3, .118, is added later as a day-2 step). */
export function guideNodes(): NodeSpec[] {
  const node = (id: string, last: number, role: NodeSpec['role']): NodeSpec => ({
    id,
    name: id,
    address: `192.168.100.${last}`,
    port: 22,
    user: 'root',
    auth: 'password',
    role,
    labels: {},
  });
  return [
    node('master1', 111, 'control-plane'),
    node('node1', 116, 'worker'),
    node('node2', 117, 'worker'),
  ];
}

/** Today's defaults: the newest catalog version, containerd, upstream mirrors, kubeadm's CIDRs. */
export function modernPlan(advertiseAddress = '192.168.100.111'): ClusterPlan {
  return {
    clusterName: 'kubernetes',
    kubernetesVersion: newestVersion(),
    runtime: 'containerd',
    mirrorProfile: 'upstream',
    mirrors: {},
    advertiseAddress,
    bindPort: 6443,
    podCidr: '10.244.0.0/16',
    serviceCidr: '10.96.0.0/12',
    dnsDomain: 'cluster.local',
    cni: { plugin: 'flannel' },
    controlPlaneMode: 'static-pod',
    ignorePreflightErrors: [],
    firewall: 'open-ports',
  };
}
