import { z } from 'zod';
import { RUNTIMES } from '../catalog/kubernetesVersions';
import { LocalizedTextSchema } from '../model/diagnosis';
import { NODE_ROLES } from '../model/node';

/**
 * The upgrade plan: what kubelab would do to take a cluster from its version to a target, hop by
 * hop. Plain data, so the contract, the CLI and the UI all show the same thing.
 */

/** An image that changes (or not) in a hop: `before` and `after` as kubeadm would pull them. */
export const ImageChangeSchema = z.object({
  component: z.string(),
  before: z.string(),
  after: z.string(),
});
export type ImageChange = z.infer<typeof ImageChangeSchema>;

/** One package repository as a node would be configured for a minor. */
export const HopRepositorySchema = z.object({
  family: z.enum(['deb', 'rpm']),
  layout: z.enum(['legacy', 'pkgs']),
  /** undefined: the mirror profile has no repository for this minor (a warning says so). */
  url: z.string().optional(),
  /** True when the node's repository line must change before this hop. */
  changes: z.boolean(),
});
export type HopRepository = z.infer<typeof HopRepositorySchema>;

export const RuntimeStepSchema = z.object({
  /** `keep`: nothing to do; `migrate`: a planned step before this hop's first node; `note`: info. */
  kind: z.enum(['keep', 'migrate', 'note']),
  text: LocalizedTextSchema,
  /** A migration kubelab runs: what it does on each node, in order (./runtimeMigration.ts). */
  actions: z.array(LocalizedTextSchema).optional(),
  /** A migration kubelab runs: the downtime to expect per node. */
  downtime: LocalizedTextSchema.optional(),
});
export type RuntimeStep = z.infer<typeof RuntimeStepSchema>;

export const NODE_ACTIONS = ['upgrade-apply', 'upgrade-node'] as const;

/** One node's turn in a hop. */
export const NodeTurnSchema = z.object({
  nodeId: z.string(),
  name: z.string(),
  role: z.enum(NODE_ROLES),
  /** The kubeadm command it runs: `upgrade apply vX` (first control plane) or `upgrade node`. */
  action: z.enum(NODE_ACTIONS),
  command: z.string(),
  /** 0: the first control plane; then one phase per further control plane; then worker batches. */
  phase: z.number().int().min(0),
  /** Workers only: which batch (1-based) of the configured size. */
  batch: z.number().int().min(1).optional(),
  /** Drain before the kubelet upgrade, uncordon after (every node, as kubeadm's docs do). */
  drain: z.boolean(),
  /** True when the node's kubelet is already on this hop's version: nothing to do there. */
  alreadyDone: z.boolean(),
});
export type NodeTurn = z.infer<typeof NodeTurnSchema>;

export const HopSchema = z.object({
  /** 1-based. */
  index: z.number().int().min(1),
  from: z.string(),
  to: z.string(),
  /** False when the patch is newer than the catalog's data for that minor (tags inferred). */
  verified: z.boolean(),
  images: z.array(ImageChangeSchema),
  etcd: z.object({ before: z.string(), after: z.string() }),
  coredns: z.object({ before: z.string(), after: z.string() }),
  kubeadmApi: z.object({ before: z.string(), after: z.string() }),
  repositories: z.array(HopRepositorySchema),
  runtime: z.array(RuntimeStepSchema),
  cni: z.object({
    plugin: z.string(),
    before: z.string().optional(),
    after: z.string().optional(),
  }),
  /** Things to know or to do in this hop, in order (repository switch, API change, cgroup...). */
  notes: z.array(LocalizedTextSchema),
  warnings: z.array(LocalizedTextSchema),
  nodes: z.array(NodeTurnSchema),
});
export type Hop = z.infer<typeof HopSchema>;

export const UpgradePlanSchema = z.object({
  current: z.string(),
  target: z.string(),
  runtime: z.enum(RUNTIMES),
  workerBatchSize: z.number().int().min(1),
  hops: z.array(HopSchema),
  /** Plan-wide notes (the patch is asked of the node's repository at run time, ...). */
  notes: z.array(LocalizedTextSchema),
});
export type UpgradePlan = z.infer<typeof UpgradePlanSchema>;

export const DOCKER_MIGRATIONS = ['containerd', 'cri-dockerd'] as const;
export type DockerMigration = (typeof DOCKER_MIGRATIONS)[number];
