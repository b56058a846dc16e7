import { z } from 'zod';

/**
 * Bootstrap tokens of the open project's cluster (issue 21, part 4). A token's secret never
 * appears in a list: only its id; the join command carrying it is fetched on demand.
 */

export const TokenIdSchema = z
  .string()
  .regex(/^[a-z0-9]{6}$/, 'must be a token id: six lowercase letters or digits');

export const BootstrapTokenSchema = z.object({
  id: z.string(),
  /** TTL as kubeadm printed it (`23h`, `<forever>`, `<invalid>`). */
  ttl: z.string(),
  expiresAt: z.string().optional(),
  usages: z.array(z.string()),
  description: z.string(),
  groups: z.array(z.string()),
});
export type BootstrapToken = z.infer<typeof BootstrapTokenSchema>;

export const TokenListSchema = z.object({
  /** The control plane kubeadm ran on. */
  nodeId: z.string(),
  nodeName: z.string(),
  tokens: z.array(BootstrapTokenSchema),
});
export type TokenList = z.infer<typeof TokenListSchema>;

export const TokenCreateSchema = z
  .object({
    /**
     * kubeadm's --ttl, a Go duration (`24h`, `90m`, `1h30m`); `0` never expires (kubeadm token
     * create --help: "If set to '0', the token will never expire").
     */
    ttl: z
      .string()
      .regex(/^(0|(\d+h)?(\d+m)?(\d+s)?)$/, 'must be a duration such as 24h, 90m or 0')
      .refine((s) => s !== '', 'must be a duration such as 24h, 90m or 0')
      .default('24h'),
    description: z
      .string()
      .max(200)
      .regex(/^[^\n\r\t]*$/, 'must be one line')
      .default(''),
  })
  .strict();

export const JoinCommandSchema = z.object({
  id: z.string(),
  /** `kubeadm join <endpoint> --token <id>.<secret> --discovery-token-ca-cert-hash sha256:<hash>` */
  command: z.string(),
});
export type JoinCommand = z.infer<typeof JoinCommandSchema>;
