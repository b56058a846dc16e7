import { z } from 'zod';

/**
 * One list of every certificate of a cluster with its expiry: what `kubeadm certs
 * check-expiration` shows per control plane, plus what kubeadm does not show — each node's
 * kubelet client certificate and serving certificate (kubernetes/kubeadm#1784: check-expiration
 * leaves the kubelet's out) — sorted by residual time, with thresholds.
 */

/** Warn this many days before expiry (issue 21). kubeadm renews on upgrade within 180 days. */
export const CERT_WARN_DAYS = 30;

export const CERT_SOURCES = ['kubeadm', 'kubelet-client', 'kubelet-serving'] as const;
export const CERT_STATUSES = ['expired', 'warn', 'ok', 'missing'] as const;

export const CertificateEntrySchema = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  /** Who reported it: kubeadm's table, or the kubelet's files read with openssl. */
  source: z.enum(CERT_SOURCES),
  /** kubeadm's name (`apiserver`, `admin.conf`, `ca`), or the kubelet file's path. */
  name: z.string(),
  /** A CA (kubeadm's second table). */
  authority: z.boolean(),
  expiresAt: z.string().optional(),
  /** Seconds left at `checkedAt`; negative once expired. */
  residualSeconds: z.number().int().optional(),
  /** RESIDUAL TIME as kubeadm printed it, when it did. */
  residualPrinted: z.string().optional(),
  signedBy: z.string().optional(),
  externallyManaged: z.boolean().optional(),
  status: z.enum(CERT_STATUSES),
});
export type CertificateEntry = z.infer<typeof CertificateEntrySchema>;

export const CertificateNodeErrorSchema = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  message: z.string(),
});

export const CertificateListSchema = z.object({
  checkedAt: z.string(),
  warnDays: z.number().int(),
  entries: z.array(CertificateEntrySchema),
  /** Nodes that could not be read (unreachable, kubeadm failed): said, not hidden. */
  errors: z.array(CertificateNodeErrorSchema),
});
export type CertificateList = z.infer<typeof CertificateListSchema>;
