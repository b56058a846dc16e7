import { tail, type StepOutputs } from '../engine/step';
import script from './scripts/upload-certs.sh?raw';
import { isFurtherControlPlane, uploadsCerts } from './ha';
import { parseOutputs } from './kubeadm-init';
import { isFirstControlPlane } from './plan';
import { composeScript, scriptStep, type Ctx } from './scriptStep';

/** join-control-plane's own timeout: the longest one join may take. */
const JOIN_SECONDS = 20 * 60;
/**
 * kubeadm-certs lives 2 h after an upload (copycerts.go DefaultCertTokenDuration); asking for
 * more would re-upload right after every kubeadm init. Joins are one at a time.
 */
const MOST_SECONDS = 100 * 60;

/**
 * How long the kubeadm-certs Secret must still live for every further control plane to join
 * one after another, each within join-control-plane's timeout; at least one join's worth.
 */
export function certsMinSeconds(furtherControlPlanes: number): number {
  return Math.min(MOST_SECONDS, Math.max(1, furtherControlPlanes) * JOIN_SECONDS);
}

/** The certificate key the kubeadm-certs Secret is encrypted with, read on the node (a secret). */
async function certificateKey(ctx: Ctx): Promise<StepOutputs> {
  const res = await ctx.remote.exec(composeScript(script), {
    env: { KL_MODE: 'key', KL_STEP: 'upload-certs' },
    root: true,
    signal: ctx.signal,
  });
  const out = parseOutputs(res.stdout);
  if (res.code !== 0 || !out.certificateKey) {
    throw new Error(`cannot read the certificate key: ${tail(res.stderr || res.stdout)}`);
  }
  return { certificateKey: out.certificateKey };
}

/**
 * On the first control plane of an HA plan, before the control-plane joins: the kubeadm-certs
 * Secret exists and outlives the joins to come, else the certificates are uploaded again with a
 * fresh key (issue 19, "> 2 h re-upload"). join-control-plane takes the key from here.
 */
export const uploadCerts = scriptStep({
  id: 'upload-certs',
  script,
  when: (node, plan, nodes) => uploadsCerts(plan) && isFirstControlPlane(node, nodes),
  dependsOn: [{ step: 'kubeadm-init', on: 'same-node' }],
  retries: 1,
  timeoutMs: 5 * 60_000,
  env: ({ plan, nodes }) => ({
    CERTS_MIN_SECONDS: String(
      certsMinSeconds(nodes.filter((n) => isFurtherControlPlane(n, plan, nodes)).length),
    ),
  }),
  outputs: certificateKey,
  secretOutputs: ['certificateKey'],
});
