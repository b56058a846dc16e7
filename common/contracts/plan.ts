import { z } from 'zod';
import { NodeIdSchema } from '../model/node';
import { ClusterPlanSchema, FieldErrorSchema } from '../model/plan';
import { Empty } from './empty';

/** The cluster plan of the open project (its catalog: contracts/catalog.ts). */

export const PlanErrorsSchema = z.object({
  errors: z.array(FieldErrorSchema),
  /** Problems that do not block (an even number of etcd members…), same shape. */
  warnings: z.array(FieldErrorSchema),
});

/** A file an HA plan generates (load balancer, control-plane join), shown before install. */
export const HaFileSchema = z.object({
  path: z.string(),
  target: z.string(),
  content: z.string(),
});

export const PlanSetResultSchema = z.object({
  /** False when the plan had errors: then nothing changed. */
  saved: z.boolean(),
  errors: z.array(FieldErrorSchema),
});

export const PlanPreviewSchema = z.object({
  version: z.string(),
  /** The file `kubeadm init --config` reads, exactly as the kubeadm-init step uploads it. */
  kubeadmConfig: z.string(),
  /** What `kubeadm config images list` prints for the plan's version and repository. */
  images: z.array(z.string()),
  /** HA plans: the load balancer's files and a further control plane's JoinConfiguration. */
  haFiles: z.array(HaFileSchema),
  /** Files the container-runtime step writes on every node (containerd hosts.toml, cri-dockerd). */
  runtimeFiles: z.array(z.object({ path: z.string(), content: z.string() })),
  warnings: z.array(FieldErrorSchema),
  /** The Kubernetes package repository per node family; the strings are resolved at install. */
  packages: z.array(z.object({ family: z.enum(['deb', 'rpm']), repository: z.string() })),
  /** True when the catalog has no image list (a version past it): the node's kubeadm says. */
  imagesFromNode: z.boolean(),
});

export const planRequests = {
  'plan.get': { payload: Empty, result: ClusterPlanSchema },
  'plan.set': {
    payload: z.object({ plan: ClusterPlanSchema }).strict(),
    result: PlanSetResultSchema,
  },
  'plan.validate': {
    payload: z.object({ plan: ClusterPlanSchema }).strict(),
    result: PlanErrorsSchema,
  },
  'plan.preview': {
    payload: z
      .object({ plan: ClusterPlanSchema.optional(), nodeName: NodeIdSchema.optional() })
      .strict(),
    result: PlanPreviewSchema,
  },
} as const;
