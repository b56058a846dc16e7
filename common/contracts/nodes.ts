import { z } from 'zod';
import { AppErrorSchema } from '../model/appError';
import { HostFactsSchema } from '../model/facts';
import { AUTH_METHODS, NODE_ROLES, NodeIdSchema, NodeSpecSchema } from '../model/node';
import { shellMetaProblem } from '../plan/safeText';
import { boundedText } from '../wire';
import { Empty } from './empty';

const noShellMeta = (value: string): boolean => shellMetaProblem(value) === undefined;

/**
 * A node's fields as the user types them, with no defaults. Patches and import defaults are built
 * from this, never from NodeInputSchema: zod 4 applies a `.default()` even inside `.partial()`,
 * so a patch of one field built from the input schema came back with `port: 22`,
 * `role: 'worker'` and `labels: {}` and reset those fields of the node it edited.
 */
const NodeFieldsSchema = z
  .object({
    id: NodeIdSchema.optional(),
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(253)
      .refine(noShellMeta, { error: (i) => shellMetaProblem(String(i.input)) }),
    address: z.string().trim().min(1, 'must not be empty').max(253),
    port: z.number().int().min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535'),
    user: z.string().trim().min(1, 'must not be empty').max(32),
    auth: z.enum(AUTH_METHODS),
    keyPath: z.string().max(4096).optional(),
    role: z.enum(NODE_ROLES),
    // Keys are checked as Kubernetes label keys by the inventory (inventoryValidation.ts).
    labels: z.record(
      z.string().max(63),
      z
        .string()
        .max(253)
        .refine(noShellMeta, { error: (i) => shellMetaProblem(String(i.input)) }),
    ),
    jumpHost: NodeIdSchema.optional(),
  })
  .strict();

/** A node as the user enters it: the id is derived from the name unless given. */
export const NodeInputSchema = NodeFieldsSchema.extend({
  port: NodeFieldsSchema.shape.port.default(22),
  role: NodeFieldsSchema.shape.role.default('worker'),
  labels: NodeFieldsSchema.shape.labels.default({}),
}).strict();
export type NodeInput = z.input<typeof NodeInputSchema>;

/** An edit: only the fields given change (no defaults, see NodeFieldsSchema). */
export const NodePatchSchema = NodeFieldsSchema.omit({ id: true }).partial().strict();
export type NodePatch = z.input<typeof NodePatchSchema>;

export const IMPORT_FORMATS = ['auto', 'list', 'csv', 'ssh-config'] as const;

export const ImportProblemSchema = z.object({
  line: z.number().int(),
  field: z.string().optional(),
  message: z.string(),
});

export const HOST_KEY_STATES = ['pinned', 'accepted', 'unknown', 'changed', 'not_checked'] as const;
export const SUDO_STATES = [
  'root',
  'nopasswd',
  'password',
  'password_required',
  'password_wrong',
  'denied',
  'not_checked',
] as const;

export const ConnectionTestSchema = z.object({
  nodeId: z.string(),
  reachable: z.boolean(),
  authOk: z.boolean(),
  hostKey: z.object({
    state: z.enum(HOST_KEY_STATES),
    algorithm: z.string().optional(),
    fingerprint: z.string().optional(),
  }),
  sudo: z.enum(SUDO_STATES),
  latencyMs: z.number().optional(),
  error: AppErrorSchema.optional(),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

export const HostKeyPromptSchema = z.object({
  promptId: z.string(),
  nodeId: z.string(),
  host: z.string(),
  port: z.number(),
  algorithm: z.string(),
  fingerprint: z.string(),
  expiresAt: z.string(),
});
export type HostKeyPrompt = z.infer<typeof HostKeyPromptSchema>;

const IdPayload = z.object({ id: NodeIdSchema }).strict();
const SecretKind = z.enum(['password', 'passphrase']);

export const FactsResultSchema = z.union([
  z.object({ nodeId: z.string(), facts: HostFactsSchema }),
  z.object({ nodeId: z.string(), error: AppErrorSchema }),
]);

/** The inventory, connection tests, host-key trust, secrets and facts. */
export const nodesRequests = {
  'nodes.list': { payload: Empty, result: z.object({ nodes: z.array(NodeSpecSchema) }) },
  'nodes.add': { payload: NodeInputSchema, result: NodeSpecSchema },
  'nodes.update': {
    payload: z.object({ id: NodeIdSchema, patch: NodePatchSchema }).strict(),
    result: NodeSpecSchema,
  },
  'nodes.remove': { payload: IdPayload, result: z.object({ removed: z.boolean() }) },
  'nodes.import': {
    payload: z
      .object({
        format: z.enum(IMPORT_FORMATS).default('auto'),
        // A large paste of a host list; in bytes as sent, like the web host's limit.
        text: boundedText(2 * 1024 * 1024),
        defaults: NodeFieldsSchema.pick({
          user: true,
          port: true,
          auth: true,
          keyPath: true,
          role: true,
        })
          .partial()
          .strict()
          .optional(),
        dryRun: z.boolean().default(false),
      })
      .strict(),
    result: z.object({ added: z.array(NodeSpecSchema), problems: z.array(ImportProblemSchema) }),
  },
  'nodes.test': { payload: IdPayload, result: ConnectionTestSchema },
  'nodes.answerHostKey': {
    payload: z.object({ promptId: z.string().min(1).max(100), accept: z.boolean() }).strict(),
    result: z.object({ ok: z.boolean() }),
  },
  'nodes.forgetHostKey': { payload: IdPayload, result: NodeSpecSchema },
  'nodes.setSecret': {
    payload: z
      .object({ id: NodeIdSchema, kind: SecretKind, value: z.string().min(1).max(4096) })
      .strict(),
    result: z.object({ store: z.string() }),
  },
  'nodes.clearSecret': {
    payload: z.object({ id: NodeIdSchema, kind: SecretKind }).strict(),
    result: z.object({}),
  },
  'nodes.secretStatus': {
    payload: IdPayload,
    result: z.object({
      password: z.boolean(),
      passphrase: z.boolean(),
      store: z.string(),
      writable: z.boolean(),
    }),
  },
  'nodes.facts': {
    payload: z.object({ ids: z.array(NodeIdSchema).min(1).max(500) }).strict(),
    result: z.object({ results: z.array(FactsResultSchema) }),
  },
} as const;

export const nodesEvents = {
  /** An unknown host key needs a yes/no (answer with nodes.answerHostKey before expiresAt). */
  'nodes.hostKeyPrompt': HostKeyPromptSchema,
  'nodes.changed': z.object({ nodes: z.array(NodeSpecSchema) }),
} as const;
