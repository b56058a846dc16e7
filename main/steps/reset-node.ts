import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { ScriptSpec } from '../engine/step';
import script from './scripts/reset-node.sh?raw';
import { nodeIp, planFacts } from './plan';
import { composeScript, scriptStep } from './scriptStep';

/** Runs on the node being reset (the engine run selects it). */
export const resetNode = scriptStep({
  id: 'reset-node',
  script,
  retries: 1,
  env: ({ node, plan }) => ({ CRI_SOCKET: planFacts(plan).criSocket, ADMIN_USER: node.user }),
});

/**
 * The control-plane half of a node reset, run before it: drain the node and delete it from the
 * cluster (a step runs on one node only, and this must happen on another node first).
 */
export function drainSpec(plan: ClusterPlan, target: NodeSpec): ScriptSpec {
  const { version } = planFacts(plan);
  // kubectl 1.20 renamed --delete-local-data to --delete-emptydir-data.
  const drainFlags = version.minor >= 20 ? '--delete-emptydir-data' : '--delete-local-data';
  return {
    script: composeScript(script),
    env: {
      KL_MODE: 'drain',
      KL_STEP: 'reset-node',
      TARGET_IP: nodeIp(target) || target.address,
      DRAIN_FLAGS: drainFlags,
    },
    root: true,
  };
}
