import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import {
  CONTAINERD_ENDPOINT,
  CRI_SOCKET_ANNOTATION,
  KUBEADM_FLAGS_ENV,
} from '../../common/upgrade/runtimeMigration';
import type { Step } from '../engine/step';
import { containerRuntimeEnv } from './container-runtime';
import { firstControlPlane, nodeIp, planFacts } from './plan';
import { DRAIN_TIMEOUT } from './remove-node';
import { scriptStep } from './scriptStep';
import { emptyDirFlag } from './upgrade-drain';
import { upgradePreflight } from './upgrade-preflight';
import { previousTurn } from './upgradeOrder';
import drainScript from './scripts/runtime-drain.sh?raw';
import stopDockerScript from './scripts/runtime-stop-docker.sh?raw';
import kubeletScript from './scripts/runtime-kubelet.sh?raw';
import uncordonScript from './scripts/runtime-uncordon.sh?raw';
import containerRuntimeScript from './scripts/container-runtime.sh?raw';

/**
 * The Docker → containerd migration run before the hop into 1.24 (common/upgrade/
 * runtimeMigration.ts has the task it follows, section by section). One node at a time, in the
 * upgrade's turn order (the first control plane, the others, then the workers): a node's drain
 * waits for the previous node's uncordon. Every check reads the node's state (its Node's runtime,
 * the kubelet's flags file), so a node already on containerd is passed by and a killed run
 * resumes where the node is.
 */

const onFirstControlPlane = (_node: NodeSpec, nodes: readonly NodeSpec[]): NodeSpec | undefined =>
  firstControlPlane(nodes);
const targetIp = (node: NodeSpec): string => nodeIp(node) || node.address;
const READY_TIMEOUT_S = 600;

export const runtimeDrain = scriptStep({
  id: 'runtime-drain',
  script: drainScript,
  retries: 1,
  timeoutMs: 5 * 60_000,
  runsOn: onFirstControlPlane,
  // Nothing moves before the cluster's health is checked (upgrade-preflight: every node Ready, no
  // failing kube-system pod, unless the run accepts an unhealthy cluster; kubelet skew).
  dependsOn: [{ step: 'upgrade-preflight', on: 'control-plane' }],
  // The previous node of the turn order is back in service first.
  after: (node, nodes) =>
    previousTurn(node, nodes, 1).map((t) => ({ step: 'runtime-uncordon', nodeId: t.nodeId })),
  env: (ctx) => ({
    TARGET_IP: targetIp(ctx.node),
    // The cluster's own kubectl (≤ 1.23) drains.
    DRAIN_FLAGS: emptyDirFlag(planFacts(ctx.plan).version.minor),
    DRAIN_TIMEOUT,
  }),
});

export const runtimeStopDocker = scriptStep({
  id: 'runtime-stop-docker',
  script: stopDockerScript,
  dependsOn: ['runtime-drain'],
  env: () => ({ CONTAINERD_ENDPOINT, FLAGS_ENV: KUBEADM_FLAGS_ENV }),
});

/**
 * The install's own container-runtime step, for the plan as it will be: runtime containerd (on a
 * Docker CE node containerd.io is already there, with its CRI plugin disabled: the config is
 * rewritten and containerd restarted).
 */
export const runtimeContainerd = scriptStep({
  id: 'container-runtime',
  script: containerRuntimeScript,
  retries: 2,
  timeoutMs: 15 * 60_000,
  diagnosisJournals: ['runtime'],
  dependsOn: ['runtime-stop-docker'],
  env: ({ plan }) => containerRuntimeEnv(containerdPlan(plan)),
});

export const runtimeKubelet = scriptStep({
  id: 'runtime-kubelet',
  script: kubeletScript,
  diagnosisJournals: ['kubelet', 'runtime'],
  dependsOn: ['container-runtime'],
  env: () => ({ CONTAINERD_ENDPOINT, FLAGS_ENV: KUBEADM_FLAGS_ENV }),
});

export const runtimeUncordon = scriptStep({
  id: 'runtime-uncordon',
  script: uncordonScript,
  retries: 1,
  timeoutMs: (READY_TIMEOUT_S + 120) * 1000,
  runsOn: onFirstControlPlane,
  dependsOn: ['runtime-kubelet'],
  env: (ctx) => ({
    TARGET_IP: targetIp(ctx.node),
    CONTAINERD_ENDPOINT,
    CRI_SOCKET_ANNOTATION,
    TIMEOUT_S: String(READY_TIMEOUT_S),
  }),
});

/** The plan the migration moves to: the same cluster, its runtime containerd. */
export function containerdPlan(plan: ClusterPlan): ClusterPlan {
  return { ...plan, runtime: 'containerd' };
}

export const RUNTIME_MIGRATION_STEPS: readonly Step<ClusterPlan>[] = [
  upgradePreflight,
  runtimeDrain,
  runtimeStopDocker,
  runtimeContainerd,
  runtimeKubelet,
  runtimeUncordon,
];
