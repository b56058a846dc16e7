import { z } from 'zod';
import { CNI_PLUGINS } from '../catalog/cni';
import { CONTROL_PLANE_MODES } from '../catalog/controlPlane';
import { RUNTIMES } from '../catalog/kubernetesVersions';
import { MIRROR_PROFILES } from '../catalog/mirrors';
import { haPlanFields } from './ha';

/**
 * The cluster plan: everything `kubeadm init` and the steps need that is not about a particular
 * machine. The schema checks shapes and lengths; common/plan/validatePlan.ts checks meaning
 * (CIDRs, overlaps, version ↔ runtime, shell metacharacters) with field-level messages.
 */

/** What happens to the node firewall (firewalld / ufw) in prepare-os. */
export const FIREWALL_POLICIES = ['open-ports', 'disable', 'leave'] as const;

const text = (max: number): z.ZodString => z.string().min(1).max(max);

/** Per-URL overrides of the mirror profile; anything unset comes from the profile. */
export const MirrorOverridesSchema = z
  .object({
    /** Distribution archive root for the nodes' OS packages. */
    osPackages: text(512).optional(),
    /** Docker CE repository root (`…/linux`; the OS id is appended). */
    dockerCe: text(512).optional(),
    /** cri-dockerd release download root (`…/releases/download`; `/v<version>/<asset>` follows). */
    criDockerdReleases: text(512).optional(),
    /** Kubernetes package repo root (pkgs.k8s.io layout: `<root>/v1.N/deb/`). */
    kubernetesPackages: text(512).optional(),
    /** Legacy apt root (`kubernetes-xenial`), for versions before 1.24. */
    kubernetesLegacyApt: text(512).optional(),
    /** Legacy yum root, for versions before 1.24. */
    kubernetesLegacyYum: text(512).optional(),
    /** Mirror hosts for CNI images, by the registry they replace. */
    registries: z
      .object({
        'docker.io': text(253).optional(),
        'ghcr.io': text(253).optional(),
        'quay.io': text(253).optional(),
      })
      .strict()
      .optional(),
    /** Docker daemon registry-mirrors. */
    dockerRegistryMirrors: z.array(text(512)).max(10).optional(),
  })
  .strict();
export type MirrorOverrides = z.infer<typeof MirrorOverridesSchema>;

export const CniSpecSchema = z
  .object({
    plugin: z.enum(CNI_PLUGINS),
    /** Override of the manifest URL the catalog picks for the version. */
    manifestUrl: text(512).optional(),
  })
  .strict();
export type CniSpec = z.infer<typeof CniSpecSchema>;

export const ClusterPlanSchema = z
  .object({
    clusterName: text(63),
    /** `1.18.2` (a `v` prefix is accepted and dropped by validation's normaliser). */
    kubernetesVersion: text(32),
    runtime: z.enum(RUNTIMES),
    mirrorProfile: z.enum(MIRROR_PROFILES),
    mirrors: MirrorOverridesSchema.default({}),
    /** `--image-repository`; unset: the profile's, else kubeadm's default. */
    imageRepository: text(255).optional(),
    /**
     * Stable address for the API (`host` or `host:port`); required (with its port) for an HA
     * topology, where it is the VIP or the load balancer. Immutable after `kubeadm init`.
     */
    controlPlaneEndpoint: text(261).optional(),
    ...haPlanFields,
    /** `--apiserver-advertise-address`: an address of the first control-plane node. */
    advertiseAddress: text(45),
    bindPort: z.number().int().min(1).max(65535),
    podCidr: text(49),
    serviceCidr: text(49),
    dnsDomain: text(253),
    cni: CniSpecSchema,
    controlPlaneMode: z.enum(CONTROL_PLANE_MODES),
    /** kubeadm preflight checks to ignore (`--ignore-preflight-errors`). */
    ignorePreflightErrors: z.array(text(64)).max(32).default([]),
    firewall: z.enum(FIREWALL_POLICIES),
    /**
     * The machines have no internet (issue 22): the install takes packages and images from the
     * bundle `kubelab bundle push` left on each node (bundle-repo, import-images) and reaches for
     * no mirror. Unset means online, so projects written before the field read as they did.
     */
    offline: z.boolean().optional(),
  })
  .strict();
export type ClusterPlan = z.infer<typeof ClusterPlanSchema>;
export type ClusterPlanInput = z.input<typeof ClusterPlanSchema>;
export type FirewallPolicy = (typeof FIREWALL_POLICIES)[number];

/** One problem with one field: `field` is a dotted path (`plan.podCidr`, `nodes.2.address`). */
export const FieldErrorSchema = z.object({
  field: z.string(),
  message: z.string(),
  /** The same message in Simplified Chinese, for the UI in zh-CN. */
  messageZh: z.string().optional(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;
