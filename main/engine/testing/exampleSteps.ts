import { scriptCheck, type Step } from '../step';

/**
 * Example steps, as the engine's tests use them and as a template for main/steps/. A real step
 * reads its script from main/steps/scripts/<id>.sh; these inline tiny scripts whose first
 * comment names what they are, so the fake node can answer them.
 */

export interface ExamplePlan {
  version: string;
  podCidr: string;
}

const script = (what: string): string => `#!/usr/bin/env bash\nset -euo pipefail\n# ${what}\n`;

/** Short, idempotent, on every node: runs with plain exec. */
export const prepareOs: Step<ExamplePlan> = {
  id: 'prepare-os',
  check: scriptCheck(() => ({ script: script('check:prepare-os'), env: {} })),
  apply: () => ({ script: script('apply:prepare-os'), env: {} }),
  retries: 2,
  backoffMs: 10,
};

/**
 * Long and not safe to repeat: runs detached (survives a dropped link, re-attached on resume)
 * and is never retried automatically. Publishes the join command, a secret kept out of state.
 */
export const kubeadmInit: Step<ExamplePlan> = {
  id: 'kubeadm-init',
  appliesTo: ['control-plane'],
  check: scriptCheck(() => ({ script: script('check:kubeadm-init'), env: {} })),
  apply: (ctx) => ({
    script: script('apply:kubeadm-init'),
    env: { KUBE_VERSION: ctx.plan.version, POD_CIDR: ctx.plan.podCidr },
    detached: true,
  }),
  async outputs(ctx) {
    const res = await ctx.remote.exec(script('print-join-command'), {
      root: true,
      signal: ctx.signal,
    });
    if (res.code !== 0) throw new Error(`kubeadm token create exited ${res.code}`);
    return { joinCommand: res.stdout.trim() };
  },
  secretOutputs: ['joinCommand'],
  retrySafe: false,
};

/** Waits for kubeadm-init on the control plane and takes its join command. */
export const joinWorker: Step<ExamplePlan> = {
  id: 'join-worker',
  appliesTo: ['worker'],
  dependsOn: [{ step: 'kubeadm-init', on: 'control-plane' }],
  check: scriptCheck(() => ({ script: script('check:join-worker'), env: {} })),
  async apply(ctx) {
    const { joinCommand = '' } = await ctx.outputsOf('kubeadm-init');
    return { script: script('apply:join-worker'), env: { JOIN_COMMAND: joinCommand } };
  },
  retries: 1,
  backoffMs: 10,
};

export const exampleSteps: Step<ExamplePlan>[] = [prepareOs, kubeadmInit, joinWorker];
