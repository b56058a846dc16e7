import { z } from 'zod';
import { DOCKER_MIGRATIONS } from './schema';

/** What to do when a PodDisruptionBudget blocks a node's drain. */
export const DRAIN_BLOCKED_CHOICES = ['wait', 'force', 'skip'] as const;
export type DrainBlocked = (typeof DRAIN_BLOCKED_CHOICES)[number];

/**
 * The upgrade operation's parameters. A start names the user's target in `to` — a minor (`1.21`,
 * its newest catalog patch) or an exact version (`1.21.14`); main/operations/upgrade.ts resolves
 * it into this run's hop (one minor above the cluster, or the cluster's own version for a run
 * that only re-verifies) before anything runs, and the run records and its steps see the hop's
 * exact version (ctx.params.to). Whether a version is in the catalog is decided there, with the
 * nearest known one named.
 */
export const UpgradeRunParamsSchema = z
  .object({
    to: z
      .string()
      .max(20)
      .regex(/^\s*v?1\.\d{1,2}(\.\d{1,3})?\s*$/, {
        message: 'must be a Kubernetes version: a minor such as 1.21 or a release such as 1.21.14',
      }),
    /** Workers upgraded together (drained at once); control planes always go one at a time. */
    batch: z.number().int().min(1).max(100).optional(),
    /**
     * Take an etcd snapshot on the first control plane and download it beside the project before
     * the hop's first step (default true; the same backup as `kubelab etcd backup`).
     */
    snapshot: z.boolean().optional(),
    /** Go on although a node is NotReady or a kube-system pod fails (skew is never accepted). */
    acceptUnhealthy: z.boolean().optional(),
    /**
     * What a drain does when a PodDisruptionBudget refuses an eviction: `wait` (default) — kubectl
     * retries until the drain's timeout, then the run stops naming the pod and its budget, and a
     * new run waits again; `force` — `kubectl drain --disable-eviction` deletes the pods without
     * asking their budgets (kubectl 1.18+, kubernetes/kubernetes#85571); `skip` — the node is
     * uncordoned and its kubelet left on the old version (its kubeadm package and `kubeadm upgrade
     * node` come before the drain in kubeadm's guide) while the hop goes on with the others; the
     * next run drains it again.
     */
    drainBlocked: z.enum(DRAIN_BLOCKED_CHOICES).optional(),
    /**
     * How long one node's drain may take, in seconds (kubectl drain --timeout; default
     * DRAIN_TIMEOUT, 120 s). A shorter wait ends a blocked drain sooner; a longer one lets slow
     * pods terminate.
     */
    drainTimeout: z.number().int().min(5).max(3600).optional(),
    /**
     * Where Docker nodes go before the hop into 1.24 (default containerd, which kubelab runs as a
     * migration run of its own; cri-dockerd is refused with the guide to follow by hand).
     */
    dockerMigration: z.enum(DOCKER_MIGRATIONS).optional(),
    /**
     * Set by the operation's resolve, never by a face: this run is the Docker → containerd
     * migration planned before the hop into 1.24 (`to` is then the cluster's own version).
     */
    migrateRuntime: z.literal('containerd').optional(),
  })
  .strict();
export type UpgradeRunParams = z.infer<typeof UpgradeRunParamsSchema>;
