import { z } from 'zod';
import { LOAD_BALANCER_KINDS } from '../model/ha';
import { FailoverTestSchema } from '../plan/ha/failover';
import { Empty } from './empty';

/**
 * The installed cluster, as its admin takes it away (issue 18, kubeconfig hand-off).
 * `cluster.kubeconfig` returns the admin kubeconfig of the open project's cluster with its server
 * reachable from the desktop. It holds the admin's client key: the face that asked keeps it in
 * memory only long enough to save or copy it, and nothing logs it.
 */
export const KubeconfigSchema = z.object({
  /** `<cluster>-admin.conf`: letters, digits, dot, dash and underscore only. */
  filename: z.string(),
  /** The kubeconfig YAML (secret). */
  kubeconfig: z.string(),
  /** The API server URL(s) in the file. */
  servers: z.array(z.string()),
  /** Whether kubelab replaced the recorded server with the address it reaches the node by. */
  rewritten: z.boolean(),
  /** The control-plane node it was read from. */
  nodeId: z.string(),
});
export type Kubeconfig = z.infer<typeof KubeconfigSchema>;

/** The cluster's nodes as kubectl lists them (`kubectl get nodes -o wide`, its table as printed). */
export const ClusterNodesSchema = z
  .object({
    /** The control plane that was asked. */
    nodeId: z.string(),
    nodeName: z.string(),
    table: z.string(),
  })
  .nullable();

/** One control plane as the live HA topology sees it (issue 19). */
export const HaControlPlaneSchema = z.object({
  nodeId: z.string(),
  name: z.string(),
  address: z.string(),
  /** Whether kubelab could ask it at all (SSH); `error` says why not. */
  reachable: z.boolean(),
  error: z.string().optional(),
  /** Its interfaces carry the VIP (`ip -4 -o addr show`). */
  holdsVip: z.boolean(),
  /** Its own API server's /livez (not through the endpoint): ok, failed, or unknown (not asked). */
  livez: z.enum(['ok', 'failed', 'unknown']),
  livezDetail: z.string(),
});
export type HaControlPlane = z.infer<typeof HaControlPlaneSchema>;

/** One stacked etcd member: `etcdctl member list` joined with `endpoint status`. */
export const HaEtcdMemberSchema = z.object({
  /** Hex member ID, as `etcdctl member list` prints it. */
  id: z.string(),
  name: z.string(),
  clientUrl: z.string(),
  /** Its endpoint answered `endpoint status`. */
  answered: z.boolean(),
  leader: z.boolean(),
  dbSize: z.number().optional(),
  version: z.string().optional(),
});
export type HaEtcdMember = z.infer<typeof HaEtcdMemberSchema>;

/**
 * The live HA topology (issue 19), read again every few seconds while the topology is shown:
 * which control plane holds the VIP (and kube-vip's Lease holder), the etcd members and their
 * leader, each API server's /livez. `ha` false: the plan has a single control plane.
 */
export const HaTopologySchema = z.object({
  ha: z.boolean(),
  endpoint: z.string().optional(),
  loadBalancer: z.enum(LOAD_BALANCER_KINDS).optional(),
  vip: z.string().optional(),
  /** kube-vip's Lease kube-system/plndr-cp-lock holderIdentity (a node name). */
  leaseHolder: z.string().optional(),
  controlPlanes: z.array(HaControlPlaneSchema),
  etcdMembers: z.array(HaEtcdMemberSchema),
  /** Why the etcd members could not be read, when they could not. */
  etcdError: z.string().optional(),
  /** ISO time of the reading. */
  checkedAt: z.string(),
});
export type HaTopology = z.infer<typeof HaTopologySchema>;

export const clusterRequests = {
  'cluster.kubeconfig': { payload: Empty, result: KubeconfigSchema },
  /** `kubelab status --live`: null when the project has no control plane to ask. */
  'cluster.nodes': { payload: Empty, result: ClusterNodesSchema },
  /** The live HA topology (VIP holder, etcd members and leader, each API server's /livez). */
  'cluster.haTopology': { payload: Empty, result: HaTopologySchema },
  /**
   * The last failover test (the newest ha-failover-test run recorded beside the project); null:
   * never run, or the project is not saved. Read-only, from this computer's records.
   */
  'cluster.haFailoverLast': { payload: Empty, result: FailoverTestSchema.nullable() },
} as const;
