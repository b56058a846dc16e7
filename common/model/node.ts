import { z } from 'zod';

/**
 * A machine in the inventory as the project file stores it: how to reach it and what it is for.
 * No secret is ever part of it — passwords and passphrases live in the OS keychain or the vault,
 * keyed by node id.
 */
export const NODE_ROLES = ['control-plane', 'worker'] as const;
export const AUTH_METHODS = ['password', 'key', 'agent'] as const;

export const NodeIdSchema = z
  .string()
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be lowercase letters, digits and dashes (a DNS label)',
  );

/** A pinned host key: what OpenSSH would print as `SHA256:…` for the key, and its type. */
export const HostKeySchema = z.object({
  algorithm: z.string().min(1),
  fingerprint: z
    .string()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint'),
});
export type HostKey = z.infer<typeof HostKeySchema>;

export const NodeSpecSchema = z
  .object({
    id: NodeIdSchema,
    name: z.string().min(1).max(253),
    address: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
    user: z.string().min(1).max(64),
    auth: z.enum(AUTH_METHODS),
    keyPath: z.string().optional(),
    role: z.enum(NODE_ROLES),
    labels: z.record(z.string(), z.string()).default({}),
    /** Id of another node used as a one-hop jump host (ssh -J). */
    jumpHost: NodeIdSchema.optional(),
    hostKey: HostKeySchema.optional(),
  })
  .strict();
export type NodeSpec = z.infer<typeof NodeSpecSchema>;
export type NodeRole = (typeof NODE_ROLES)[number];
