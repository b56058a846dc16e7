import { z } from 'zod';
import { RUNTIMES } from '../catalog/kubernetesVersions';
import { isImageRepository } from '../plan/safeText';
import { Empty } from './empty';

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

/** The Kubernetes catalog the plan form is built from: versions offered, kubeadm's images. */
export const catalogRequests = {
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
