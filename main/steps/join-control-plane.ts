import { renderJoinConfig } from '../../common/plan/joinConfig';
import script from './scripts/join-control-plane.sh?raw';
import { isFurtherControlPlane } from './ha';
import { apiEndpoint, nodeIp, planFacts } from './plan';
import { scriptStep, type Ctx, type Env, type Mode } from './scriptStep';

/**
 * A further control plane's JoinConfiguration: the bootstrap token and CA hash as for a worker,
 * plus `controlPlane.{localAPIEndpoint, certificateKey}` (what `--control-plane
 * --certificate-key` say on a command line; common/plan/joinConfig.ts cites the fields). Token
 * and key are secrets: the file is written root-only on /run and removed after the join
 * (kl_join in scripts/lib.sh), never an argument.
 */
export async function controlPlaneJoinEnv(ctx: Ctx, mode: Mode): Promise<Env> {
  if (mode === 'check') return {};
  const info = await ctx.outputsOf('kubeadm-init');
  // The key of the latest upload (upload-certs re-uploads an expired kubeadm-certs Secret).
  const { certificateKey } = await ctx.outputsOf('upload-certs');
  const endpoint = apiEndpoint(ctx.plan);
  const caCertHash = info.caCertHash ?? '';
  if (!certificateKey) {
    throw new Error('the first control plane has no certificate key to join with');
  }
  const config = renderJoinConfig(
    ctx.plan,
    { endpoint, token: info.token ?? '', caCertHash },
    {
      advertiseAddress: nodeIp(ctx.node) || ctx.node.address,
      certificateKey,
    },
  );
  return {
    JOIN_CONFIG: config,
    JOIN_ENDPOINT: endpoint,
    JOIN_CA_HASH: caCertHash,
    CRI_SOCKET: planFacts(ctx.plan).criSocket,
  };
}

export const joinControlPlane = scriptStep({
  id: 'join-control-plane',
  diagnosisJournals: ['kubelet', 'runtime'],
  script,
  appliesTo: ['control-plane'],
  when: isFurtherControlPlane,
  dependsOn: [
    { step: 'kubeadm-init', on: 'control-plane' },
    { step: 'upload-certs', on: 'control-plane' },
  ],
  // Each join adds an etcd member; two at once can leave etcd without quorum while the second
  // member is being added (kubeadm's HA guide joins control planes one after another).
  oneNodeAtATime: true,
  detached: true,
  retrySafe: false,
  timeoutMs: 20 * 60_000,
  env: controlPlaneJoinEnv,
});
