import { z } from 'zod';
import { RUNTIMES } from '../catalog/kubernetesVersions';
import { FixPreviewSchema, LocalizedTextSchema } from './diagnosis';
import { NODE_ROLES } from './node';

/**
 * Preflight input and results (issue 8). The checks are pure functions over these facts.
 *
 * `PreflightFactsSchema` repeats, field for field, the part of the SSH layer's HostFacts
 * (common/model/facts.ts) the checks read, with every field optional so a node that could not
 * report something yields "unknown" instead of a crash. A HostFacts value is assignable to it;
 * once facts.ts is committed this becomes `HostFactsSchema.pick({...}).partial()`.
 */
export const PreflightFactsSchema = z.object({
  nodeId: z.string(),
  os: z
    .object({
      id: z.string(),
      idLike: z.array(z.string()),
      version: z.string(),
      prettyName: z.string(),
    })
    .optional(),
  kernel: z.string().optional(),
  arch: z.string().optional(),
  cpus: z.number().int().nonnegative().optional(),
  memoryBytes: z.number().nonnegative().optional(),
  hostname: z.string().optional(),
  machineId: z.string().optional(),
  productUuid: z.string().optional(),
  interfaces: z
    .array(
      z.object({
        name: z.string(),
        mac: z.string().optional(),
        state: z.string(),
        addresses: z.array(z.object({ family: z.string(), address: z.string() })),
      }),
    )
    .optional(),
  swap: z
    .object({
      active: z.array(z.object({ name: z.string(), type: z.string(), sizeKb: z.number() })),
      fstab: z.array(z.string()),
    })
    .optional(),
  selinux: z.enum(['enforcing', 'permissive', 'disabled', 'absent']).optional(),
  firewall: z
    .object({
      firewalld: z.enum(['active', 'inactive', 'absent']),
      ufw: z.enum(['active', 'inactive', 'absent', 'unknown']),
      iptablesForwardPolicy: z.enum(['ACCEPT', 'DROP', 'REJECT']).optional(),
    })
    .optional(),
  cgroup: z.enum(['v1', 'v2', 'unknown']).optional(),
  binaries: z.array(z.object({ name: z.string(), path: z.string() })).optional(),
  /** Node clock minus the admin's clock, in ms. */
  clockOffsetMs: z.number().optional(),
});
export type PreflightFacts = z.infer<typeof PreflightFactsSchema>;

/** What HostFacts does not carry yet; gathered by the preflight probe script. */
export const PreflightProbesSchema = z.object({
  /** Loaded kernel modules (lsmod), at least those preflight asks about. */
  modules: z.array(z.string()).optional(),
  /** sysctl values by key, e.g. `net.ipv4.ip_forward: "1"`; absent key = not present. */
  sysctl: z.record(z.string(), z.string()).optional(),
  /** zram swap configured to come up at boot (zram-generator, zram-config). */
  zramSwap: z.boolean().optional(),
  /** The installed runtime's cgroup driver (containerd SystemdCgroup, docker info). */
  runtimeCgroupDriver: z.enum(['systemd', 'cgroupfs', 'unknown']).optional(),
  /** CRI sockets present on the node. */
  criSockets: z.array(z.string()).optional(),
  /** TCP ports something listens on. */
  listeningPorts: z.array(z.number().int().min(0).max(65535)).optional(),
  /** Paths of an earlier install that exist and are not empty. */
  leftoverPaths: z.array(z.string()).optional(),
  /** `getent hosts $(hostname)` succeeded. */
  hostnameResolves: z.boolean().optional(),
});
export type PreflightProbes = z.infer<typeof PreflightProbesSchema>;

export const PreflightNodeSchema = z.object({
  role: z.enum(NODE_ROLES),
  /** The address kubelab reaches the node at (for /etc/hosts fixes). */
  address: z.string().optional(),
  facts: PreflightFactsSchema,
  probes: PreflightProbesSchema.default({}),
});
export type PreflightNode = z.infer<typeof PreflightNodeSchema>;
export type PreflightNodeInput = z.input<typeof PreflightNodeSchema>;

/**
 * `install`: kubelab's install will run on these nodes, so what its own steps set up (modules,
 * sysctls, the runtime's cgroup driver, the kubelet package's tools) only warns. `existing`: no
 * kubelab install follows (an existing cluster, nodes prepared by hand), so those block too.
 */
export const PREFLIGHT_CONTEXTS = ['install', 'existing'] as const;
export type PreflightContext = (typeof PREFLIGHT_CONTEXTS)[number];

/** The part of the ClusterPlan preflight depends on. */
export const PreflightPlanSchema = z.object({
  kubernetesVersion: z.string().min(1).max(32),
  runtime: z.enum(RUNTIMES),
  bindPort: z.number().int().min(1).max(65535).default(6443),
  context: z.enum(PREFLIGHT_CONTEXTS).default('install'),
});
export type PreflightPlan = z.infer<typeof PreflightPlanSchema>;

export const PreflightInputSchema = z.object({
  plan: PreflightPlanSchema,
  nodes: z.array(PreflightNodeSchema).min(1).max(200),
});
export type PreflightInput = z.infer<typeof PreflightInputSchema>;
/** What callers pass (defaults such as `probes: {}` and `bindPort` filled in by the schema). */
export type PreflightRequest = z.input<typeof PreflightInputSchema>;

export const CHECK_SEVERITIES = ['block', 'warn'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

export const CheckResultSchema = z.object({
  checkId: z.string(),
  /** One node, or (cross-node checks) every node involved. */
  nodeIds: z.array(z.string()),
  /** `unknown`: the facts this check needs were not gathered. */
  status: z.enum(['pass', 'fail', 'unknown']),
  severity: z.enum(CHECK_SEVERITIES),
  message: LocalizedTextSchema,
  /** What the check saw, verbatim enough to act on (values, paths, ports). */
  evidence: z.string(),
  fix: FixPreviewSchema.optional(),
  /**
   * The kubelab install step that will make this pass (e.g. `prepare-os`): the result then fails
   * as a warning only, so the admin is not blocked by what kubelab itself does.
   */
  fixedBy: z.string().optional(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const PreflightReportSchema = z.object({
  /** True when no blocking check failed. */
  ok: z.boolean(),
  counts: z.object({
    block: z.number().int().nonnegative(),
    warn: z.number().int().nonnegative(),
    pass: z.number().int().nonnegative(),
    unknown: z.number().int().nonnegative(),
  }),
  results: z.array(CheckResultSchema),
});
export type PreflightReport = z.infer<typeof PreflightReportSchema>;
