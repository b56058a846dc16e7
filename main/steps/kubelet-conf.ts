import { KUBELET_CERT_WARN_DAYS } from '../../common/certs/kubeletConf';
import type { Step } from '../engine/step';
import type { ClusterPlan } from '../../common/model/plan';
import { parseOutputs } from './kubeadm-init';
import inspectScript from './scripts/kubelet-conf-inspect.sh?raw';
import confScript from './scripts/kubelet-conf.sh?raw';
import { composeScript, scriptStep, type Ctx } from './scriptStep';

const WARN = { WARN_DAYS: String(KUBELET_CERT_WARN_DAYS) };

/**
 * Reads, on every node, whether its kubelet.conf must be regenerated (kubelet-conf-inspect.sh
 * KL_MODE=inspect). Read-only: always "done"; what it found is its outputs.
 */
export const kubeletConfInspect: Step<ClusterPlan> = {
  id: 'kubelet-conf-inspect',
  dependsOn: [{ step: 'renew-certs', on: 'control-plane' }],
  check: () => Promise.resolve('done'),
  apply: () => ({
    script: composeScript(inspectScript),
    env: { ...WARN, KL_MODE: 'inspect', KL_STEP: 'kubelet-conf-inspect' },
  }),
  outputs: async (ctx: Ctx) => {
    const res = await ctx.remote.exec(composeScript(inspectScript), {
      env: { ...WARN, KL_MODE: 'inspect', KL_STEP: 'kubelet-conf-inspect' },
      root: true,
      signal: ctx.signal,
    });
    if (res.code !== 0) throw new Error(`cannot read kubelet.conf: ${res.stderr || res.stdout}`);
    return parseOutputs(res.stdout);
  },
};

/**
 * Installs the kubelet.conf kubelet-conf-issue made for this node, the documented way (see the
 * script). Its check is the inspection's rule, so a node whose kubelet rotates is left alone.
 */
export const kubeletConf = scriptStep({
  id: 'kubelet-conf',
  // The inspection's functions first: one rule decides both "needed" and the step's check.
  script: `${inspectScript}\n${confScript}`,
  dependsOn: ['kubelet-conf-issue'],
  retrySafe: false,
  // Two kubelet restarts, each waited for up to 120 s.
  timeoutMs: 8 * 60_000,
  env: async (ctx, mode) => {
    if (mode === 'check') return WARN;
    const issued = await ctx.outputsOf('kubelet-conf-issue', ctx.node.id);
    return { ...WARN, KUBELET_CONF_B64: issued.kubeletConf ?? '' };
  },
});
