import type { HaControlPlane, HaTopology } from '../../common/contracts/cluster';
import { isHaTopology } from '../../common/model/ha';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { Remote } from '../engine/remote';
import { remoteScript } from '../remoteScripts/remoteScripts';
import { localApiServer } from '../steps/kubeadm-init';
import { nodeIp } from '../steps/plan';
import {
  etcdMembers,
  holdsVip,
  memberListError,
  parseEndpointStatus,
  parseLeaseHolder,
  parseLivez,
  parseMemberList,
  probeSections,
} from './haProbe';

/** One probe may not hold a refresh up for long: the view asks again every few seconds. */
const PROBE_TIMEOUT_MS = 12_000;

/**
 * The live HA topology (issue 19): scripts/ha-probe.sh on every control plane at once, read
 * only. Each machine says whether it holds the VIP and whether its own API server is live; the
 * etcd members and their leader come from the first control plane whose etcdctl answered. A
 * control plane kubelab cannot reach is shown as such, not dropped.
 */
export async function readHaTopology(
  nodes: readonly NodeSpec[],
  plan: ClusterPlan,
  remote: (nodeId: string) => Remote,
  now: () => Date = () => new Date(),
): Promise<HaTopology> {
  const checkedAt = now().toISOString();
  if (!isHaTopology(plan.topology)) {
    return { ha: false, controlPlanes: [], etcdMembers: [], checkedAt };
  }
  const lb = plan.loadBalancer;
  const vip = lb && 'vip' in lb ? lb.vip : undefined;
  const controlPlanes = nodes.filter((n) => n.role === 'control-plane');
  const outputs = await Promise.all(
    controlPlanes.map(async (node) => {
      const local = { ...plan, advertiseAddress: nodeIp(node) || node.address };
      try {
        const res = await remote(node.id).exec(remoteScript('cluster/ha-probe'), {
          root: true,
          env: {
            KL_VIP: vip ?? '',
            KL_LOCAL_API: localApiServer(local),
            KL_LEASE: lb?.kind === 'kube-vip' ? '1' : '0',
          },
          timeoutMs: PROBE_TIMEOUT_MS,
        });
        if (!res.stdout.includes('@@end')) {
          return {
            node,
            error: (res.stderr || res.stdout).trim().split('\n').pop() ?? `exit ${res.code}`,
          };
        }
        return { node, sections: probeSections(res.stdout) };
      } catch (err: unknown) {
        return { node, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );

  const rows: HaControlPlane[] = outputs.map(({ node, sections, error }) => {
    const base = { nodeId: node.id, name: node.name, address: node.address };
    if (!sections) {
      return {
        ...base,
        reachable: false,
        error,
        holdsVip: false,
        livez: 'unknown',
        livezDetail: error ?? '',
      };
    }
    const live = parseLivez(sections.get('livez'));
    return {
      ...base,
      reachable: true,
      holdsVip: holdsVip(sections.get('addr') ?? '', vip),
      livez: live.livez,
      livezDetail: live.detail,
    };
  });

  let members: HaTopology['etcdMembers'] = [];
  let etcdError: string | undefined;
  for (const { sections } of outputs) {
    const list = sections?.get('members');
    if (list === undefined) continue;
    const parsed = parseMemberList(list);
    if (parsed.length === 0) {
      etcdError ??= memberListError(list);
      continue;
    }
    members = etcdMembers(parsed, parseEndpointStatus(sections?.get('status') ?? ''));
    etcdError = undefined;
    break;
  }
  if (members.length === 0 && !etcdError && plan.topology === 'stacked-etcd') {
    etcdError = 'no control plane could be asked';
  }

  const leaseHolder = outputs
    .map(({ sections }) => parseLeaseHolder(sections?.get('lease')))
    .find((h) => h !== undefined);

  return {
    ha: true,
    endpoint: plan.controlPlaneEndpoint,
    loadBalancer: lb?.kind,
    vip,
    leaseHolder,
    controlPlanes: rows,
    etcdMembers: members,
    etcdError,
    checkedAt,
  };
}
