import { FailoverTestSchema } from '../plan/ha/failover';
import { z } from 'zod';

/**
 * The cluster report (issue 9) as plain data: what was built, how, and whether it works. Built
 * by ./build.ts from the project, facts, run history, preflight and verification; every writer
 * (HTML, Markdown, JSON, PDF) renders this and nothing else, so a secret redacted here is gone
 * from every format. The JSON format is this object; its JSON Schema is generated from this zod
 * schema into resources/report/report.schema.json (a test keeps the file current).
 *
 * Free text (messages, evidence) is already in the report's language; enums stay codes so tools
 * can read them and writers can translate them.
 */
export const REPORT_SCHEMA_VERSION = 1;
export const REPORT_LANGS = ['en', 'zh-CN'] as const;
export const ReportLangSchema = z.enum(REPORT_LANGS);
export type ReportLang = z.infer<typeof ReportLangSchema>;

export const NodeHealthSchema = z.enum([
  'ready',
  'not-ready',
  'installed',
  'failed',
  'pending',
  'unknown',
]);
export type NodeHealth = z.infer<typeof NodeHealthSchema>;

export const RunOutcomeSchema = z.enum(['succeeded', 'failed', 'cancelled', 'running', 'not-run']);

export const SummarySchema = z.object({
  projectName: z.string().optional(),
  clusterName: z.string(),
  kubernetesVersion: z.string(),
  /** `https://host:port` of the API server (control-plane endpoint, else advertise address). */
  endpoint: z.string(),
  runtime: z.string(),
  cni: z.string(),
  cniVersion: z.string().optional(),
  mirrorProfile: z.string(),
  imageRepository: z.string(),
  podCidr: z.string(),
  serviceCidr: z.string(),
  dnsDomain: z.string(),
  controlPlaneMode: z.string(),
  controlPlaneNodes: z.number().int().nonnegative(),
  workerNodes: z.number().int().nonnegative(),
  outcome: RunOutcomeSchema,
  /** True when verification saw every node Ready, /readyz ok and no broken pair; null: not verified. */
  healthy: z.boolean().nullable(),
});
export type ReportSummary = z.infer<typeof SummarySchema>;

export const ReportNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostname: z.string().optional(),
  address: z.string(),
  role: z.enum(['control-plane', 'worker']),
  os: z.string().optional(),
  kernel: z.string().optional(),
  arch: z.string().optional(),
  cpus: z.number().int().nonnegative().optional(),
  memoryBytes: z.number().nonnegative().optional(),
  runtimeVersion: z.string().optional(),
  kubeletVersion: z.string().optional(),
  /**
   * The Kubernetes packages exactly as the node's repository resolved and installed them
   * (`kubeadm=1.29.4-2.1 kubectl=… kubelet=…`), from the kube-packages step's outputs.
   */
  packages: z.string().optional(),
  status: NodeHealthSchema,
  /** The cluster's own words (`Ready`, `NotReady`) or the failed step's error. */
  statusDetail: z.string().optional(),
});
export type ReportNode = z.infer<typeof ReportNodeSchema>;

export const ComponentSchema = z.object({
  kind: z.enum(['api-server', 'pod', 'dns']),
  name: z.string(),
  namespace: z.string().optional(),
  node: z.string().optional(),
  status: z.enum(['ok', 'failed', 'unknown']),
  detail: z.string(),
});
export type ReportComponent = z.infer<typeof ComponentSchema>;

export const TimelineTaskSchema = z.object({
  nodeId: z.string(),
  stepId: z.string(),
  stepTitle: z.string(),
  status: z.string(),
  attempts: z.number().int().nonnegative(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
  skipReason: z.string().optional(),
});
export type TimelineTask = z.infer<typeof TimelineTaskSchema>;

export const AppliedFixSchema = z.object({
  nodeId: z.string(),
  stepId: z.string().optional(),
  fixId: z.string(),
  at: z.string().optional(),
  commands: z.array(z.string()),
});
export type AppliedFix = z.infer<typeof AppliedFixSchema>;

export const TimelineSchema = z.object({
  runId: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  /** Steps in install order (the catalog's), with their titles in the report's language. */
  steps: z.array(z.object({ id: z.string(), title: z.string() })),
  tasks: z.array(TimelineTaskSchema),
  retries: z.number().int().nonnegative(),
  fixes: z.array(AppliedFixSchema),
});
export type ReportTimeline = z.infer<typeof TimelineSchema>;

export const PreflightSectionSchema = z.object({
  ok: z.boolean(),
  counts: z.object({
    block: z.number().int().nonnegative(),
    warn: z.number().int().nonnegative(),
    pass: z.number().int().nonnegative(),
    unknown: z.number().int().nonnegative(),
  }),
  results: z.array(
    z.object({
      checkId: z.string(),
      nodeIds: z.array(z.string()),
      status: z.enum(['pass', 'fail', 'unknown']),
      severity: z.enum(['block', 'warn']),
      message: z.string(),
      evidence: z.string(),
    }),
  ),
});
export type ReportPreflight = z.infer<typeof PreflightSectionSchema>;

export const ReportMatrixSchema = z.object({
  phase: z.enum(['before-install', 'after-install']),
  probe: z.string(),
  /** Row and column order (node names). */
  nodes: z.array(z.string()),
  cells: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      ok: z.boolean(),
      rttMs: z.number().nonnegative().optional(),
      detail: z.string().optional(),
    }),
  ),
  broken: z.number().int().nonnegative(),
});
export type ReportMatrix = z.infer<typeof ReportMatrixSchema>;

export const WarningSchema = z.object({
  source: z.enum(['plan', 'preflight', 'install', 'verification', 'expiry']),
  message: z.string(),
  nodeId: z.string().optional(),
  stepId: z.string().optional(),
});
export type ReportWarning = z.infer<typeof WarningSchema>;

export const AddNodeSchema = z.object({
  /** The join command with its token and CA hash placeholders (never a live token). */
  joinCommand: z.string(),
  /** Run on a control-plane node to mint a fresh token and print the full join command. */
  tokenCommand: z.string(),
  /** For another control-plane node: upload certificates and print a fresh certificate key. */
  certificateKeyCommand: z.string(),
  /** What to do, in order, in the report's language. */
  steps: z.array(z.string()),
});

export const ExpirySchema = z.object({
  item: z.enum(['bootstrap-token', 'certificate-key', 'certificate', 'certificate-authority']),
  name: z.string(),
  expiresAt: z.string(),
  /** `cluster`: read from the cluster; `estimated`: kubeadm's defaults from the init time. */
  source: z.enum(['cluster', 'estimated']),
});
export type ReportExpiry = z.infer<typeof ExpirySchema>;

const HaProbeSchema = z.enum(['ok', 'failed', 'unknown']);

/** The highly available control plane (issue 19); null in the report for a single one. */
export const HaSectionSchema = z.object({
  /** `https://host:port`: the controlPlaneEndpoint every kubeconfig and join uses. */
  endpoint: z.string(),
  topology: z.enum(['stacked-etcd', 'external-etcd']),
  loadBalancer: z.enum(['kube-vip', 'haproxy-keepalived', 'external', 'none']),
  vip: z.string().optional(),
  interface: z.string().optional(),
  /**
   * Each control plane with its health as the verification saw it: the node (`kubectl get
   * nodes`) and its kube-apiserver mirror pod; `unknown` when not seen (no verification yet).
   */
  controlPlanes: z.array(
    z.object({
      name: z.string(),
      address: z.string(),
      node: NodeHealthSchema,
      apiServer: HaProbeSchema,
      /** The API server pod's STATUS column (`Running`, `CrashLoopBackOff`). */
      apiServerDetail: z.string().optional(),
    }),
  ),
  /**
   * The etcd members: stacked, one per control plane (named after it; health from its etcd
   * mirror pod); external, the endpoints, `unknown` (kubelab does not probe an etcd it does not
   * run).
   */
  etcdMembers: z.array(
    z.object({
      name: z.string(),
      status: HaProbeSchema,
      /** The etcd pod's STATUS column. */
      detail: z.string().optional(),
    }),
  ),
  /** floor((members - 1) / 2): how many members etcd can lose and keep quorum. */
  toleratedFailures: z.number().int().nonnegative(),
  /** The control plane whose gathered facts show the VIP on an interface; null: not seen. */
  vipHolder: z.string().nullable(),
  /** When those facts were gathered. */
  vipSeenAt: z.string().optional(),
  /**
   * kubelab's own failover test, the newest ha-failover-test run recorded beside the project
   * (common/plan/ha/failover.ts); null: never run.
   */
  failoverTest: FailoverTestSchema.nullable(),
});
export type ReportHa = z.infer<typeof HaSectionSchema>;
/** The newest etcd snapshot downloaded to this computer (`<project>.snapshots/index.json`). */
export const BackupSchema = z.object({
  file: z.string(),
  time: z.string(),
  revision: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  etcdVersion: z.string(),
  kubernetesVersion: z.string(),
  /** The control plane it was taken on. */
  node: z.string(),
});
export type ReportBackup = z.infer<typeof BackupSchema>;

/** A machine a succeeded remove-node run took out of the cluster (`<project>.runs/`). */
export const RemovedNodeSchema = z.object({
  nodeId: z.string(),
  /** When the removal finished. */
  at: z.string(),
  /** Removed without touching it (it was unreachable): its Kubernetes state is still on it. */
  unreachable: z.boolean(),
  runId: z.string(),
  /** The spare that took its place (a replace-node run, read from the cluster's record). */
  replacedBy: z.string().optional(),
});
export type ReportRemovedNode = z.infer<typeof RemovedNodeSchema>;

export const UpgradeRunSchema = z.object({
  runId: z.string(),
  startedAt: z.string(),
  /** Absent while the run is unfinished (interrupted, or still running when the report was made). */
  finishedAt: z.string().optional(),
  /** The version the run was started for (a minor such as 1.21, or a release such as 1.21.14). */
  to: z.string(),
  /** `interrupted`: the record has no outcome (the back end stopped mid-run); a resume goes on. */
  outcome: z.enum(['succeeded', 'failed', 'cancelled', 'interrupted']),
  /** Where a failed run stopped: its first failed task. */
  stoppedAt: z.object({ nodeId: z.string(), stepId: z.string() }).optional(),
  /**
   * The nodes the hop left on their version, as its record says now (a resume that reached them
   * clears them): unreachable at their turn, or a drain a PodDisruptionBudget blocked and the run
   * was told to skip (drainBlocked: skip). Absent when none.
   */
  leftBehind: z
    .array(
      z.object({
        nodeId: z.string(),
        reason: z.enum(['unreachable', 'drain-skipped']),
        stepId: z.string(),
      }),
    )
    .optional(),
});
export type ReportUpgradeRun = z.infer<typeof UpgradeRunSchema>;

export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  lang: ReportLangSchema,
  generatedAt: z.string(),
  generator: z.string(),
  title: z.string(),
  summary: SummarySchema,
  nodes: z.array(ReportNodeSchema),
  components: z.array(ComponentSchema),
  timeline: TimelineSchema,
  preflight: PreflightSectionSchema.nullable(),
  network: z.array(ReportMatrixSchema),
  warnings: z.array(WarningSchema),
  /** The file `kubeadm init --config` read; null when the plan's version is not in the catalog. */
  kubeadmConfig: z.string().nullable(),
  addNode: AddNodeSchema,
  expiry: z.array(ExpirySchema),
  ha: HaSectionSchema.nullable(),
  /** Null: no snapshot was ever downloaded (or the project is not saved). */
  lastBackup: BackupSchema.nullable(),
  removedNodes: z.array(RemovedNodeSchema),
  /** Every upgrade run recorded beside the project, oldest first (issue 20: history). */
  upgrades: z.array(UpgradeRunSchema),
});
export type Report = z.infer<typeof ReportSchema>;
