import type { Step } from '../engine/step';
import type { ClusterPlan } from '../../common/model/plan';
import script from './scripts/wait-ready.sh?raw';
import { isFirstControlPlane, nodeIp } from './plan';
import { scriptStep } from './scriptStep';

const TIMEOUT_S = 600;

/**
 * Waits on the control plane for every node to be Ready, after `joinStep` on the workers (and,
 * when the run joins control planes, after `controlPlaneJoin` on them).
 */
export function waitReadyAfter(
  joinStep: 'join-node' | 'add-node',
  controlPlaneJoin?: 'join-control-plane',
): Step<ClusterPlan> {
  return scriptStep({
    id: 'wait-ready',
    diagnosisJournals: ['kubelet', 'runtime'],
    script,
    when: (node, _plan, nodes) => isFirstControlPlane(node, nodes),
    dependsOn: [
      { step: joinStep, on: 'worker' },
      ...(controlPlaneJoin ? [{ step: controlPlaneJoin, on: 'control-plane' as const }] : []),
      'install-cni',
    ],
    timeoutMs: (TIMEOUT_S + 60) * 1000,
    env: ({ nodes }) => ({
      EXPECTED_IPS: nodes
        .map(nodeIp)
        .filter((ip) => ip !== '')
        .join(' '),
      // The machines by address, so two of them registered as one Node are named (kubelab ids
      // are DNS labels: no space or quote can reach the script).
      EXPECTED_NODES: nodes
        .filter((n) => nodeIp(n) !== '')
        .map((n) => `${nodeIp(n)} ${n.id}`)
        .join('\n'),
      TIMEOUT_S: String(TIMEOUT_S),
    }),
  });
}

export const waitReady = waitReadyAfter('join-node');
