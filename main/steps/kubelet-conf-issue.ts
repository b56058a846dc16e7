import type { NodeSpec } from '../../common/model/node';
import { kubeconfigUserGroup, kubeletConfState } from '../../common/certs/kubeletConf';
import { parseOutputs } from './kubeadm-init';
import { firstControlPlane, planFacts } from './plan';
import { FRESH_DAYS } from './renew-certs';
import script from './scripts/kubelet-conf-issue.sh?raw';
import { composeScript, scriptStep, type Ctx, type Env } from './scriptStep';

async function issueEnv(ctx: Ctx): Promise<Env> {
  const found = await ctx.outputsOf('kubelet-conf-inspect', ctx.node.id);
  // A dry run has placeholders, not the node's answer: shown as is, never validated or signed.
  if (ctx.dryRun) return { NEEDED: 'unknown', NODE_NAME: found.nodeName ?? '' };
  const state = kubeletConfState(found);
  return {
    NEEDED: state.needed ? 'yes' : 'no',
    NODE_NAME: state.nodeName,
    USER_GROUP: kubeconfigUserGroup(planFacts(ctx.plan).version.minor),
    FRESH_DAYS: String(FRESH_DAYS),
  };
}

/**
 * For each node whose kubelet.conf must be regenerated, on the first control plane (it holds the
 * CA key): `kubeadm kubeconfig user` for system:node:<name>. The file is the step's output, a
 * secret (a client key): kept in memory for kubelet-conf, never in the run's state.
 */
export const kubeletConfIssue = scriptStep({
  id: 'kubelet-conf-issue',
  script,
  dependsOn: ['kubelet-conf-inspect'],
  runsOn: (_node: NodeSpec, nodes: readonly NodeSpec[]) => firstControlPlane(nodes),
  env: issueEnv,
  outputs: async (ctx) => {
    const res = await ctx.remote.exec(composeScript(script), {
      env: { ...(await issueEnv(ctx)), KL_MODE: 'outputs', KL_STEP: 'kubelet-conf-issue' },
      root: true,
      signal: ctx.signal,
    });
    if (res.code !== 0) throw new Error(`cannot read the issued kubelet.conf: ${res.stderr}`);
    return parseOutputs(res.stdout);
  },
  secretOutputs: ['kubeletConf'],
});
