import { AppError } from '../../common/model/appError';
import type { ClusterPlan } from '../../common/model/plan';
import { endpointPort } from '../../common/plan/ha/endpoint';
import { KUBE_VIP_MANIFEST_PATH } from '../../common/plan/ha/kubeVip';
import type { ScriptSpec, Step } from '../engine/step';
import { failoverVip } from './ha-vip-holder';
import { nodeIp } from './plan';
import script from './scripts/ha-failover.sh?raw';
import { composeScript, type Ctx } from './scriptStep';

/**
 * How long another control plane may take the VIP: keepalived moves it within a second or two
 * after the priority-0 advertisement; kube-vip only once the kubelet has noticed its manifest gone
 * (the static pod directory is re-read every 20 s, fileCheckFrequency) and the Lease is free.
 */
const MOVE_WAIT_SECONDS = 90;
/** How long the API may take to answer through the VIP after it moved. */
const API_WAIT_SECONDS = 60;

/** The control planes whose ha-vip-holder saw the VIP on an interface. */
async function holders(ctx: Ctx): Promise<string[]> {
  const cps = ctx.nodes.filter((n) => n.role === 'control-plane');
  const seen = await Promise.all(
    cps.map(async (n) =>
      (await ctx.outputsOf('ha-vip-holder', n.id)).holds === 'yes' ? n : undefined,
    ),
  );
  return seen.filter((n) => n !== undefined).map((n) => n.id);
}

function spec(ctx: Ctx, mode: 'apply' | 'result'): ScriptSpec {
  const lb = ctx.plan.loadBalancer?.kind ?? '';
  const others = ctx.nodes
    .filter((n) => n.role === 'control-plane' && n.id !== ctx.node.id)
    .map((n) => `${n.name}=${nodeIp(n) || n.address}`);
  return {
    script: composeScript(script),
    env: {
      KL_MODE: mode,
      KL_STEP: 'ha-failover',
      LB: lb,
      VIP: failoverVip(ctx.plan),
      API_PORT: String(endpointPort(ctx.plan)),
      HOLDER: ctx.node.name,
      OTHERS: others.join(' '),
      KUBE_VIP_MANIFEST_PATH,
      RESULT_FILE: `/var/lib/kubelab/runs/${ctx.runId}/ha-failover.result`,
      MOVE_WAIT_SECONDS: String(MOVE_WAIT_SECONDS),
      API_WAIT_SECONDS: String(API_WAIT_SECONDS),
    },
  };
}

/**
 * ha-failover: on the control plane that held the VIP when the test started (ha-vip-holder's
 * snapshot); every other control plane's task is already done. Its script takes the VIP away,
 * waits for another control plane to hold it, checks /healthz through it and always puts the
 * holder back; its outputs are the result it recorded (common/plan/ha/failover.ts).
 */
export const haFailover: Step<ClusterPlan> = {
  id: 'ha-failover',
  appliesTo: ['control-plane'],
  dependsOn: [{ step: 'ha-vip-holder', on: 'control-plane' }],
  // Never again on its own: a second try would take the VIP from whoever holds it now.
  retrySafe: false,
  timeoutMs: (MOVE_WAIT_SECONDS + API_WAIT_SECONDS + 60) * 1000,
  check: async (ctx) => {
    const found = await holders(ctx);
    const vip = failoverVip(ctx.plan);
    if (found.length === 0) {
      throw new AppError({
        code: 'no_vip_holder',
        message: `no control plane holds the VIP ${vip}: there is nothing to fail over (see kubelab ha-status)`,
      });
    }
    if (found.length > 1) {
      const names = ctx.nodes.filter((n) => found.includes(n.id)).map((n) => n.name);
      throw new AppError({
        code: 'vip_split',
        message: `more than one control plane holds the VIP ${vip} (${names.join(', ')}): fix that before testing a failover`,
      });
    }
    if (found[0] === ctx.node.id) return 'needed';
    ctx.log(`[kubelab] ${ctx.node.name} does not hold the VIP ${vip}: nothing to do here`);
    return 'done';
  },
  apply: (ctx) => spec(ctx, 'apply'),
  outputs: async (ctx) => {
    const res = await ctx.remote.exec(spec(ctx, 'result').script, {
      env: spec(ctx, 'result').env,
      root: true,
      signal: ctx.signal,
    });
    const out: Record<string, string> = {};
    for (const line of res.stdout.split('\n')) {
      const m = /^(\w+)=(.*)$/.exec(line.trim());
      if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2];
    }
    return out;
  },
};
