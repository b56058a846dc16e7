import { resolveVersion, type ResolvedVersion } from '../../common/catalog/images';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { effectiveMirrors, type EffectiveMirrors } from '../../common/plan/effectiveMirrors';
import { criSocket } from '../../common/plan/kubeadmConfig';
import { AppError } from '../../common/model/appError';

/** What the steps derive from a plan: the resolved version, mirrors and runtime socket. */
export interface PlanFacts {
  version: ResolvedVersion;
  mirrors: EffectiveMirrors;
  /** The socket kubeadm is given (`--cri-socket`, nodeRegistration.criSocket). */
  criSocket: string;
  /** The endpoint crictl talks to (always with the unix:// scheme). */
  criEndpoint: string;
}

export function planFacts(plan: ClusterPlan): PlanFacts {
  const version = resolveVersion(plan.kubernetesVersion);
  if (!version) {
    throw new AppError({
      code: 'invalid_plan',
      field: 'plan.kubernetesVersion',
      message: `Kubernetes ${plan.kubernetesVersion} is not in the catalog`,
    });
  }
  const socket = criSocket(plan, version);
  return {
    version,
    mirrors: effectiveMirrors(plan, version),
    criSocket: socket,
    criEndpoint: socket.startsWith('unix://') ? socket : `unix://${socket}`,
  };
}

/** The node kubeadm init runs on: the first control-plane node of the inventory. */
export function firstControlPlane(nodes: readonly NodeSpec[]): NodeSpec | undefined {
  return nodes.find((n) => n.role === 'control-plane');
}

export function isFirstControlPlane(node: NodeSpec, nodes: readonly NodeSpec[]): boolean {
  return firstControlPlane(nodes)?.id === node.id;
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;

/** The node's address when it is an IP literal (kubelet --node-ip needs one), else ''. */
export function nodeIp(node: NodeSpec): string {
  return IPV4.test(node.address) || node.address.includes(':') ? node.address : '';
}

/** `host:port` the API server is reached at by joining nodes. */
export function apiEndpoint(plan: ClusterPlan): string {
  if (plan.controlPlaneEndpoint) {
    return plan.controlPlaneEndpoint.includes(':')
      ? plan.controlPlaneEndpoint
      : `${plan.controlPlaneEndpoint}:${plan.bindPort}`;
  }
  const host = plan.advertiseAddress.includes(':')
    ? `[${plan.advertiseAddress}]`
    : plan.advertiseAddress;
  return `${host}:${plan.bindPort}`;
}
