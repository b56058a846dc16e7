import type { ClusterPlan } from '../../common/model/plan';
import type { Step } from '../engine/step';
import { addNode } from './add-node';
import { adminKubeconfig } from './admin-kubeconfig';
import { containerRuntime } from './container-runtime';
import { enableKubelet } from './enable-kubelet';
import { installCni } from './install-cni';
import { joinNode } from './join-node';
import { kubePackages } from './kube-packages';
import { kubeadmInit } from './kubeadm-init';
import { prepareOs } from './prepare-os';
import { pullImages } from './pull-images';
import { resetCluster } from './reset-cluster';
import { renewCerts } from './renew-certs';
import { resetNode } from './reset-node';
import { waitReady, waitReadyAfter } from './wait-ready';

/**
 * The step lists the engine runs (ids and order: common/catalog/steps.ts). The install is the
 * guide's sequence; adding a node re-checks the control plane (everything already done) and joins
 * only the new machine; the resets are single steps.
 */
const PREPARE: readonly Step<ClusterPlan>[] = [
  prepareOs,
  containerRuntime,
  kubePackages,
  enableKubelet,
  pullImages,
  kubeadmInit,
  adminKubeconfig,
  installCni,
];

export const INSTALL_STEPS: readonly Step<ClusterPlan>[] = [...PREPARE, joinNode, waitReady];
export const ADD_NODE_STEPS: readonly Step<ClusterPlan>[] = [
  ...PREPARE,
  addNode,
  waitReadyAfter('add-node'),
];
export const RESET_NODE_STEPS: readonly Step<ClusterPlan>[] = [resetNode];
export const RESET_CLUSTER_STEPS: readonly Step<ClusterPlan>[] = [resetCluster];
export const RENEW_CERTS_STEPS: readonly Step<ClusterPlan>[] = [renewCerts];
export { removeNodeSteps, type RemovalRoles } from './remove-node';
