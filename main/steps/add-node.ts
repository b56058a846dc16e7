import script from './scripts/add-node.sh?raw';
import { joinEnv } from './join';
import { scriptStep } from './scriptStep';

/** Day 2: join a worker added after the install (the guide's node3) with a fresh token. */
export const addNode = scriptStep({
  id: 'add-node',
  script,
  appliesTo: ['worker'],
  dependsOn: [{ step: 'kubeadm-init', on: 'control-plane' }],
  detached: true,
  diagnosisJournals: ['kubelet', 'runtime'],
  retrySafe: false,
  timeoutMs: 15 * 60_000,
  env: joinEnv,
});
