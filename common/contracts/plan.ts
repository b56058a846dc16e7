import { z } from 'zod';
import { RUNTIMES } from '../catalog/kubernetesVersions';
import { NodeIdSchema } from '../model/node';
import { ClusterPlanSchema, FieldErrorSchema } from '../model/plan';
import { isImageRepository } from '../plan/safeText';
import { Empty } from './empty';

/** The cluster plan of the open project, and the catalog the plan form is built from. */

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

export const CatalogVersionSchema = z.object({
  minor: z.number().int(),
  /** The default full version for the minor, e.g. 1.18.2. */
  version: z.string(),
  /** Highest patch of the minor whose image list was checked. */
  verifiedThrough: z.string(),
  runtimes: z.array(z.enum(RUNTIMES)),
  kubeadmApi: z.string(),
  selfHosting: z.boolean(),
  cni: z.object({ flannel: z.string().optional(), calico: z.string().optional() }),
});
export type CatalogVersion = z.infer<typeof CatalogVersionSchema>;

export const CatalogImagesSchema = z.object({
  version: z.string(),
  images: z.array(z.string()),
  /** False when the patch is newer than the catalog checked (etcd/CoreDNS tags inferred). */
  verified: z.boolean(),
});

const ImageRepositorySchema = z
  .string()
  .max(255)
  .refine(isImageRepository, 'must be an image repository such as registry.k8s.io');

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
  'catalog.versions': {
    payload: Empty,
    result: z.object({ versions: z.array(CatalogVersionSchema), newest: z.string() }),
  },
  'catalog.images': {
    payload: z
      .object({
        version: z.string().min(1).max(32),
        imageRepository: ImageRepositorySchema.optional(),
      })
      .strict(),
    result: CatalogImagesSchema,
  },
} as const;
