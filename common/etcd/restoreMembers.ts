/**
 * The member list an HA restore gives every control plane. etcd's recovery guide
 * (https://etcd.io/docs/v3.5/op-guide/recovery/, "Restoring a cluster"; the same at v3.4)
 * restores every member from the same snapshot with its own `--name` and
 * `--initial-advertise-peer-urls`, ONE `--initial-cluster` naming every member
 * (`m1=http://host1:2380,m2=…`) and one new `--initial-cluster-token`. The names and peer URLs
 * are each member's own, read from kubeadm's etcd manifest on its control plane.
 */
import { AppError } from '../model/appError';

export interface RestoreMember {
  /** The project's node id of the control plane. */
  nodeId: string;
  /** The member's --name (kubeadm: the node name). */
  name: string;
  /** Its --initial-advertise-peer-urls (kubeadm: https://<advertise address>:2380). */
  peerUrl: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PEER_URL = /^https?:\/\/[^\s,=]+$/;

/** `name=peer,…` in the control planes' order; refused when a value would break the list. */
export function initialClusterOf(members: readonly RestoreMember[]): string {
  if (members.length === 0)
    throw new AppError({ code: 'restore_no_members', message: 'No etcd member to restore.' });
  const seen = new Set<string>();
  for (const m of members) {
    if (!NAME.test(m.name) || !PEER_URL.test(m.peerUrl))
      throw new AppError({
        code: 'restore_member_unreadable',
        nodeId: m.nodeId,
        message: `The etcd manifest on ${m.nodeId} names member "${m.name}" with peer URL "${m.peerUrl}", which cannot go into --initial-cluster (one name and one URL per member); nothing was stopped.`,
      });
    if (seen.has(m.name))
      throw new AppError({
        code: 'restore_member_duplicate',
        nodeId: m.nodeId,
        message: `Two control planes' etcd manifests name the member "${m.name}"; etcd needs a unique name per member. Nothing was stopped.`,
      });
    seen.add(m.name);
  }
  return members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
}

/** The new cluster token, common to every member of one restore run. */
export const clusterTokenOf = (stamp: string): string => `kubelab-restore-${stamp}`;

/** The way back on one control plane after a restore that stopped halfway (what the scripts log). */
export function wayBackOn(nodeName: string, dataDir: string, stamp: string): string {
  const parked = `/etc/kubernetes/manifests.kubelab-restore-${stamp}`;
  const old = `${dataDir}.kubelab-before-${stamp}`;
  return `${nodeName}: with its static pods stopped (manifests in ${parked}, or moved there), if ${old} exists: rm -rf ${dataDir} && mv ${old} ${dataDir}; then mv ${parked}/*.yaml /etc/kubernetes/manifests/`;
}
