import { z } from 'zod';

/**
 * The highly available control plane part of the plan (issue 19). Every field is optional and
 * has no default, so a kubelab.yaml written before HA existed loads without them and is saved
 * again byte for byte (main/store/projectHaCompat.test.ts).
 *
 * - `single`: one control plane, as before (also what an absent `topology` means).
 * - `stacked-etcd`: every control plane runs an etcd member (kubeadm's default for HA).
 * - `external-etcd`: the API servers use an etcd cluster kubelab does not run.
 * See kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/.
 */
export const TOPOLOGIES = ['single', 'stacked-etcd', 'external-etcd'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** Where the API's stable address comes from. */
export const LOAD_BALANCER_KINDS = ['kube-vip', 'haproxy-keepalived', 'external'] as const;
export type LoadBalancerKind = (typeof LOAD_BALANCER_KINDS)[number];

const text = (max: number): z.ZodString => z.string().min(1).max(max);

/** kube-vip as a static pod on every control plane, ARP mode with leader election. */
const KubeVipSchema = z
  .object({
    kind: z.literal('kube-vip'),
    /** The virtual IP the leader announces (gratuitous ARP) on `interface`. */
    vip: text(45),
    /** The control planes' network interface on the VIP's subnet, e.g. `eth0`. */
    interface: text(15),
  })
  .strict();

/** haproxy + keepalived on every control plane (kubernetes/kubeadm docs/ha-considerations.md). */
const HaproxyKeepalivedSchema = z
  .object({
    kind: z.literal('haproxy-keepalived'),
    /** The virtual IP keepalived moves between the control planes (VRRP). */
    vip: text(45),
    interface: text(15),
    /** VRRP `virtual_router_id`: the same on every control plane, unique on the subnet. */
    virtualRouterId: z.number().int().min(1).max(255),
  })
  .strict();

/** A load balancer the user already runs: kubelab only needs the endpoint. */
const ExternalLbSchema = z.object({ kind: z.literal('external') }).strict();

export const LoadBalancerSchema = z.discriminatedUnion('kind', [
  KubeVipSchema,
  HaproxyKeepalivedSchema,
  ExternalLbSchema,
]);
export type LoadBalancer = z.infer<typeof LoadBalancerSchema>;
export type VipLoadBalancer = Extract<LoadBalancer, { vip: string }>;

/** The HA fields as they sit in ClusterPlanSchema (all optional). */
export const haPlanFields = {
  topology: z.enum(TOPOLOGIES).optional(),
  loadBalancer: LoadBalancerSchema.optional(),
  /** external-etcd only: the etcd client URLs (`https://10.0.0.5:2379`). */
  externalEtcdEndpoints: z.array(text(261)).max(9).optional(),
};

/** True for the two topologies with more than one control plane. */
export function isHaTopology(topology: Topology | undefined): boolean {
  return topology === 'stacked-etcd' || topology === 'external-etcd';
}
