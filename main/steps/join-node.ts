import script from './scripts/join-node.sh?raw';
import { joinEnv } from './join';
import { scriptStep } from './scriptStep';

export const joinNode = scriptStep({
  id: 'join-node',
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  appliesTo: ['worker'],
  dependsOn: [{ step: 'kubeadm-init', on: 'control-plane' }],
  detached: true,
  retrySafe: false,
  timeoutMs: 15 * 60_000,
  env: joinEnv,
});
