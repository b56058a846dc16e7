import { z } from 'zod';

/**
 * What the Verify step saw after an install (design §4): nodes Ready, system pods, the API
 * server's /readyz, DNS, the network matrices and the cluster's credential expiry dates. Filled
 * from the cluster (kubectl / kubeadm on the first control plane); the report reads it. Every
 * part is optional in practice — a verification that could not reach the API still records what
 * it could, and the report says "not checked" for the rest.
 */

export const VerifiedNodeSchema = z.object({
  /** The Kubernetes node name (normally the NodeSpec's name / hostname). */
  name: z.string(),
  ready: z.boolean(),
  /** `kubectl get nodes` STATUS column, e.g. `Ready`, `NotReady`, `Ready,SchedulingDisabled`. */
  status: z.string(),
  roles: z.array(z.string()).default([]),
  kubeletVersion: z.string().optional(),
  /** `containerd://1.7.24`, `docker://19.3.11` as the node reports it. */
  containerRuntime: z.string().optional(),
  internalIp: z.string().optional(),
});
export type VerifiedNode = z.infer<typeof VerifiedNodeSchema>;

export const SystemPodSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  nodeName: z.string().optional(),
  /** Pod phase or the STATUS column (`Running`, `CrashLoopBackOff`, …). */
  status: z.string(),
  ready: z.boolean(),
  restarts: z.number().int().nonnegative().default(0),
});
export type SystemPod = z.infer<typeof SystemPodSchema>;

export const ProbeStatusSchema = z.enum(['ok', 'failed', 'unknown']);
export type ProbeStatus = z.infer<typeof ProbeStatusSchema>;

/**
 * A from × to matrix of one probe between nodes. `before-install` is node-to-node reachability
 * of the ports the cluster needs (e.g. `6443/tcp`, `8472/udp`); `after-install` is pod-to-pod
 * ping across nodes (the guide's proof that the pod network works).
 */
export const NetworkMatrixSchema = z.object({
  phase: z.enum(['before-install', 'after-install']),
  /** What was probed: `6443/tcp`, `8472/udp`, `pod-ping`. */
  probe: z.string(),
  cells: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      ok: z.boolean(),
      /** Round trip for a ping, in ms. */
      rttMs: z.number().nonnegative().optional(),
      /** Why it failed, verbatim (`100% packet loss`, `connection refused`). */
      detail: z.string().optional(),
    }),
  ),
});
export type NetworkMatrix = z.infer<typeof NetworkMatrixSchema>;

/** Expiry of the credentials a later join needs and of the cluster's certificates. */
export const CredentialExpirySchema = z.object({
  /** `kubeadm token list`: the token *id* only (the public half) — never the secret. */
  tokens: z
    .array(z.object({ id: z.string(), expiresAt: z.string().optional(), usages: z.string() }))
    .default([]),
  /** When the uploaded certificate key (kubeadm-certs Secret) is deleted; absent: not uploaded. */
  certificateKeyExpiresAt: z.string().optional(),
  /** `kubeadm certs check-expiration`: certificates and CAs. */
  certificates: z
    .array(z.object({ name: z.string(), expiresAt: z.string(), authority: z.boolean() }))
    .default([]),
});
export type CredentialExpiry = z.infer<typeof CredentialExpirySchema>;

export const VerificationSchema = z.object({
  checkedAt: z.string(),
  nodes: z.array(VerifiedNodeSchema).default([]),
  systemPods: z.array(SystemPodSchema).default([]),
  /** GET /readyz on the API server. */
  apiServer: z.object({ status: ProbeStatusSchema, detail: z.string().optional() }),
  /** A lookup from inside a pod, e.g. `kubernetes.default.svc.k8stest.local`. */
  dns: z
    .array(
      z.object({
        name: z.string(),
        status: ProbeStatusSchema,
        answer: z.string().optional(),
        detail: z.string().optional(),
      }),
    )
    .default([]),
  matrices: z.array(NetworkMatrixSchema).default([]),
  credentials: CredentialExpirySchema.optional(),
});
export type Verification = z.infer<typeof VerificationSchema>;
export type VerificationInput = z.input<typeof VerificationSchema>;
