import type { ClusterPlan } from '../../common/model/plan';
import { renderKubeadmConfig } from '../../common/plan/kubeadmConfig';
import { tail, type StepOutputs } from '../engine/step';
import { CERTIFICATE_KEY_PLACEHOLDER } from '../../common/plan/ha/certificateKey';
import script from './scripts/kubeadm-init.sh?raw';
import { uploadsCerts } from './ha';
import { apiEndpoint, isFirstControlPlane, planFacts } from './plan';
import { composeScript, scriptStep, type Ctx, type Env } from './scriptStep';

/** Parses `KL_OUT key=value` lines. */
export function parseOutputs(stdout: string): StepOutputs {
  const out: StepOutputs = {};
  for (const line of stdout.split('\n')) {
    const m = /^KL_OUT ([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

/**
 * What a joining node needs, read on the control plane: endpoint, CA hash and a bootstrap token
 * (secret: kept in memory only and collected again after a restart, which mints a fresh one
 * once the old one is near its end).
 */
async function joinInfo(ctx: Ctx): Promise<StepOutputs> {
  const res = await ctx.remote.exec(composeScript(script), {
    env: {
      ...uploadCertsEnv(ctx.plan),
      LOCAL_API_SERVER: localApiServer(ctx.plan),
      KL_MODE: 'join-info',
      KL_STEP: 'kubeadm-init',
    },
    root: true,
    signal: ctx.signal,
  });
  const out = parseOutputs(res.stdout);
  if (res.code !== 0 || !out.token || !out.caCertHash) {
    throw new Error(`cannot read the join information: ${tail(res.stderr || res.stdout)}`);
  }
  const info = { endpoint: apiEndpoint(ctx.plan), caCertHash: out.caCertHash, token: out.token };
  if (!uploadsCerts(ctx.plan)) return info;
  if (!out.certificateKey)
    throw new Error('kubeadm init left no certificate key for the control-plane joins');
  return { ...info, certificateKey: out.certificateKey };
}

/** HA plans: `--upload-certs`, and the placeholder the script replaces with a key made on the node. */
function uploadCertsEnv(plan: ClusterPlan): Env {
  return uploadsCerts(plan)
    ? { UPLOAD_CERTS: '1', CERT_KEY_PLACEHOLDER: CERTIFICATE_KEY_PLACEHOLDER }
    : {};
}

/**
 * This control plane's own API server (advertiseAddress:bindPort, in its serving certificate's
 * SANs), not the controlPlaneEndpoint admin.conf names: whether init is done, and whether other
 * nodes joined, must not depend on a load balancer or VIP in front of it. A broken external load
 * balancer would otherwise make a finished init look failed, and its "reset and init again" path
 * could not see the joined nodes that forbid it.
 */
export function localApiServer(plan: ClusterPlan): string {
  const host = plan.advertiseAddress.includes(':')
    ? `[${plan.advertiseAddress}]`
    : plan.advertiseAddress;
  return `https://${host}:${plan.bindPort}`;
}

export function kubeadmConfigFor(plan: ClusterPlan): string {
  return renderKubeadmConfig(plan);
}

export const kubeadmInit = scriptStep({
  id: 'kubeadm-init',
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  when: (node, _plan, nodes) => isFirstControlPlane(node, nodes),
  detached: true,
  retrySafe: false,
  timeoutMs: 20 * 60_000,
  // CRI_SOCKET: the `kubeadm reset -f` that cleans a failed earlier attempt before init again.
  env: ({ plan }, mode): Env =>
    mode === 'check'
      ? { LOCAL_API_SERVER: localApiServer(plan) }
      : {
          KUBEADM_CONFIG: kubeadmConfigFor(plan),
          CRI_SOCKET: planFacts(plan).criSocket,
          LOCAL_API_SERVER: localApiServer(plan),
          ...uploadCertsEnv(plan),
        },
  outputs: joinInfo,
  // The certificate key decrypts the uploaded CA and service-account keys: a secret like the token.
  secretOutputs: ['token', 'certificateKey'],
});
