import { cniRelease, type CniPlugin } from '../catalog/cni';
import { resolveVersion } from '../catalog/images';
import type { HostFacts } from '../model/facts';
import type { NodeSpec } from '../model/node';
import type { Project } from '../model/project';
import type { RunState } from '../model/runState';
import type { Verification, VerifiedNode } from '../model/verification';
import { effectiveMirrors } from '../plan/effectiveMirrors';
import type { NodeHealth, ReportNode, ReportSummary } from './model';

/** `https://host:port` for the API: the stable endpoint when there is one, else the advertise address. */
export function apiEndpoint(project: Project): string {
  const { controlPlaneEndpoint, advertiseAddress, bindPort } = project.plan;
  if (controlPlaneEndpoint) {
    const hasPort = /:\d+$/.test(controlPlaneEndpoint) && !controlPlaneEndpoint.endsWith(']');
    return `https://${controlPlaneEndpoint}${hasPort ? '' : `:${bindPort}`}`;
  }
  const host = advertiseAddress.includes(':') ? `[${advertiseAddress}]` : advertiseAddress;
  return `https://${host}:${bindPort}`;
}

function outcome(run: RunState | undefined): ReportSummary['outcome'] {
  if (!run) return 'not-run';
  return run.outcome ?? 'running';
}

export function isHealthy(v: Verification | undefined): boolean | null {
  if (!v) return null;
  const brokenAfter = v.matrices.some(
    (m) => m.phase === 'after-install' && m.cells.some((c) => !c.ok),
  );
  return (
    v.apiServer.status === 'ok' &&
    v.nodes.length > 0 &&
    v.nodes.every((n) => n.ready) &&
    v.systemPods.every((p) => p.ready) &&
    v.dns.every((d) => d.status !== 'failed') &&
    !brokenAfter
  );
}

export function buildSummary(
  project: Project,
  verification: Verification | undefined,
): ReportSummary {
  const plan = project.plan;
  const v = resolveVersion(plan.kubernetesVersion);
  const repo = v
    ? effectiveMirrors(plan, v).effectiveImageRepository
    : (plan.imageRepository ?? 'registry.k8s.io');
  const cni = v ? cniRelease(plan.cni.plugin as CniPlugin, v.entry.minor) : undefined;
  return {
    projectName: project.name,
    clusterName: plan.clusterName,
    kubernetesVersion: v ? v.version : plan.kubernetesVersion,
    endpoint: apiEndpoint(project),
    runtime: plan.runtime,
    cni: plan.cni.plugin,
    cniVersion: cni?.version,
    mirrorProfile: plan.mirrorProfile,
    imageRepository: repo,
    podCidr: plan.podCidr,
    serviceCidr: plan.serviceCidr,
    dnsDomain: plan.dnsDomain,
    controlPlaneMode: plan.controlPlaneMode,
    controlPlaneNodes: project.nodes.filter((n) => n.role === 'control-plane').length,
    workerNodes: project.nodes.filter((n) => n.role !== 'control-plane').length,
    outcome: outcome(project.runState),
    healthy: isHealthy(verification),
  };
}

/** The node Kubernetes knows as this machine: by name, hostname, then address. */
export function verifiedNode(
  spec: NodeSpec,
  facts: HostFacts | undefined,
  v: Verification | undefined,
): VerifiedNode | undefined {
  if (!v) return undefined;
  const names = [spec.name, facts?.hostname, spec.id].filter((s): s is string => Boolean(s));
  return (
    v.nodes.find((n) => names.includes(n.name)) ??
    v.nodes.find((n) => n.internalIp !== undefined && n.internalIp === spec.address)
  );
}

function runHealth(nodeId: string, run: RunState | undefined): NodeHealth {
  const tasks = run?.tasks.filter((t) => t.nodeId === nodeId) ?? [];
  if (tasks.length === 0) return 'unknown';
  if (tasks.some((t) => t.status === 'failed')) return 'failed';
  const done = tasks.every((t) => ['done', 'already-done', 'skipped'].includes(t.status));
  return done ? 'installed' : 'pending';
}

function binaryVersion(facts: HostFacts | undefined, names: readonly string[]): string | undefined {
  for (const name of names) {
    const bin = facts?.binaries.find((b) => b.name === name && b.version);
    if (bin?.version) return `${name} ${bin.version}`;
  }
  return undefined;
}

/** What the kube-packages step installed on a node, as `name=version` pairs in name order. */
function installedPackages(nodeId: string, state: Project['runState']): string | undefined {
  const outputs = state?.tasks.find(
    (t) => t.stepId === 'kube-packages' && t.nodeId === nodeId,
  )?.outputs;
  if (!outputs) return undefined;
  const pairs = Object.entries(outputs)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return pairs.length > 0 ? pairs.join(' ') : undefined;
}

export function buildNodes(
  project: Project,
  facts: ReadonlyMap<string, HostFacts>,
  verification: Verification | undefined,
): ReportNode[] {
  return project.nodes.map((spec): ReportNode => {
    const f = facts.get(spec.id);
    const vn = verifiedNode(spec, f, verification);
    const failed = project.runState?.tasks.find((t) => t.nodeId === spec.id && t.error);
    const status: NodeHealth = vn
      ? vn.ready
        ? 'ready'
        : 'not-ready'
      : runHealth(spec.id, project.runState);
    return {
      id: spec.id,
      name: spec.name,
      hostname: f?.hostname,
      address: spec.address,
      role: spec.role === 'control-plane' ? 'control-plane' : 'worker',
      os: f?.os.prettyName,
      kernel: f?.kernel,
      arch: f?.arch,
      cpus: f?.cpus,
      memoryBytes: f?.memoryBytes,
      runtimeVersion:
        vn?.containerRuntime ?? binaryVersion(f, [project.plan.runtime, 'containerd', 'docker']),
      kubeletVersion: vn?.kubeletVersion ?? binaryVersion(f, ['kubelet']),
      packages: installedPackages(spec.id, project.runState),
      status,
      statusDetail: vn ? vn.status : status === 'failed' ? failed?.error?.message : undefined,
    };
  });
}
