import { AppError, toAppErrorData } from '../../common/model/appError';
import type { PreflightRun } from '../../common/contracts/preflight';
import type { HostFacts } from '../../common/model/facts';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type {
  CheckResult,
  PreflightContext,
  PreflightFacts,
  PreflightNodeInput,
} from '../../common/model/preflight';
import { evaluatePreflight } from '../../common/preflight';
import type { Remote } from '../engine/remote';
import { runNetworkMatrix } from './matrix';
import { mergeResults } from './mergeReport';
import { unreachableResult } from './reachable';
import { mirrorResult, packageFamily, planUrls, type PlanUrl } from './mirrors';
import { packageIndex, packageIndexEnv, type PackageIndex } from './packageIndex';
import { packageVersionResult } from './packageOffer';
import { matricesOf, networkResults } from './networkResults';
import { parseProbe, type ProbeOutput } from './probeParser';
import { SCRIPTS } from './scripts';
import { vipInUseResult } from './vipInUse';
import { externalLbAnswersResult } from './externalLbAnswers';
import { checkOfflineBundle } from './offlineBundle';
import { bundleMachine } from '../../common/bundle/fromFacts';

/** What preflight needs from the SSH layer: a Remote per node and its HostFacts. */
export interface PreflightDeps {
  remote(nodeId: string): Remote;
  facts(nodeId: string): Promise<HostFacts>;
}

export interface PreflightOptions {
  /** Run the pairwise network matrix (default true). */
  matrix?: boolean;
  /** Listener tools in order of preference for the matrix. */
  listenerTools?: string[];
  /** `existing`: no kubelab install follows, so what its steps would fix blocks (default install). */
  context?: PreflightContext;
  signal?: AbortSignal;
}

interface Gathered {
  spec: NodeSpec;
  facts?: HostFacts;
  probe?: ProbeOutput;
  urls: PlanUrl[];
  index?: PackageIndex;
  error?: string;
}

/**
 * Runs the probe script and samples the node's clock against ours: the node's `date` is the
 * script's first output, so the admin's clock is taken as the midpoint between sending and the
 * first byte back (good to half a round trip).
 */
export async function runProbe(
  remote: Remote,
  plan: ClusterPlan,
  urls: readonly PlanUrl[],
  signal?: AbortSignal,
  index?: PackageIndex,
): Promise<ProbeOutput & { clockOffsetMs: number }> {
  const t0 = Date.now();
  let tFirst: number | undefined;
  const res = await remote.exec(SCRIPTS.probe, {
    root: true,
    env: { KL_URLS: urls.map((u) => u.url).join(' '), ...packageIndexEnv(index) },
    timeoutMs: 120_000,
    signal,
    onStdout: () => {
      tFirst ??= Date.now();
    },
  });
  if (!res.stdout.includes('@@KL:end')) {
    throw new AppError({
      code: 'command_failed',
      nodeId: remote.nodeId,
      message: `The preflight probe did not finish (exit ${res.code}): ${res.stderr.trim().split('\n').pop() ?? ''}`,
    });
  }
  const parsed = parseProbe(res.stdout, plan.runtime);
  const local = (t0 + (tFirst ?? Date.now())) / 2;
  return { ...parsed, clockOffsetMs: Math.round(parsed.nodeClockMs - local) };
}

/** HostFacts plus the probe, in the shape the checks read. */
function preflightFacts(
  g: Gathered & { probe?: ProbeOutput & { clockOffsetMs?: number } },
): PreflightFacts {
  if (!g.facts) return { nodeId: g.spec.id };
  const tools = Object.entries(g.probe?.tools ?? {}).map(([name, path]) => ({ name, path }));
  const known = new Set(g.facts.binaries.map((b) => b.name));
  return {
    ...g.facts,
    binaries: [...g.facts.binaries, ...tools.filter((t) => !known.has(t.name))],
    clockOffsetMs: g.probe?.clockOffsetMs ?? g.facts.clockOffsetMs,
  };
}

const message = (err: unknown): string => toAppErrorData(err).message;

/**
 * Preflight over the project's machines: facts and the probe on every node in parallel, then the
 * network matrix between all of them, then the pure checks (common/preflight) with the matrix
 * and mirror results added. A node that cannot be reached is listed and its checks say
 * "not checked"; the run itself only fails when nothing at all could be done.
 */
export async function runPreflight(
  nodes: readonly NodeSpec[],
  plan: ClusterPlan,
  deps: PreflightDeps,
  opts: PreflightOptions = {},
): Promise<PreflightRun> {
  const started = Date.now();
  if (nodes.length === 0) {
    throw new AppError({
      code: 'invalid_payload',
      field: 'nodes',
      message: 'The project has no nodes to check.',
    });
  }
  const offline = plan.offline === true;
  const gathered = await Promise.all(
    nodes.map(async (spec): Promise<Gathered> => {
      try {
        const facts = await deps.facts(spec.id);
        const family = packageFamily(facts.os);
        // An offline plan's nodes try no mirror: the bundle on them is checked instead.
        const urls = offline ? [] : planUrls(plan, family, facts.os.id);
        const index = offline ? undefined : packageIndex(plan, family, facts.arch);
        const probe = await runProbe(deps.remote(spec.id), plan, urls, opts.signal, index);
        return { spec, facts, probe, urls, index };
      } catch (err) {
        return { spec, urls: [], error: message(err) };
      }
    }),
  );
  const inputs: PreflightNodeInput[] = gathered.map((g) => ({
    role: g.spec.role,
    address: g.spec.address,
    facts: preflightFacts(g),
    probes: g.probe?.probes ?? {},
  }));
  const report = evaluatePreflight({
    plan: {
      kubernetesVersion: plan.kubernetesVersion,
      runtime: plan.runtime,
      bindPort: plan.bindPort,
      context: opts.context ?? 'install',
    },
    nodes: inputs,
  });
  const installs = (opts.context ?? 'install') === 'install';
  const extra: CheckResult[] = gathered
    .filter((g) => !g.error && !offline)
    .flatMap((g) => [
      mirrorResult(g.spec.id, g.urls, g.probe?.urls),
      // Only an install takes packages from the repository; an existing cluster has its own.
      ...(installs ? [packageVersionResult(g.spec.id, g.index, g.probe?.packageOffer)] : []),
    ]);
  if (offline && installs) {
    // The pushed bundle on each node instead: present, and holding what the plan needs there.
    const checks = gathered.flatMap((g) =>
      g.error || !g.facts ? [] : [{ spec: g.spec, facts: g.facts }],
    );
    extra.push(
      ...(await Promise.all(
        checks.map(({ spec, facts }) =>
          checkOfflineBundle(plan, bundleMachine(spec, facts), deps.remote(spec.id), opts.signal),
        ),
      )),
    );
  }
  for (const g of gathered) if (g.error) extra.push(unreachableResult(g.spec.id, g.error));
  const reachable = gathered.filter((g) => !g.error);
  const vipFrom = reachable.find((g) => g.spec.role === 'control-plane')?.spec;
  if (vipFrom) {
    const facts = new Map(
      reachable.flatMap((g) => (g.facts ? [[g.spec.id, g.facts] as const] : [])),
    );
    const vip = await vipInUseResult(
      plan,
      vipFrom,
      deps.remote(vipFrom.id),
      nodes,
      facts,
      opts.signal,
    );
    if (vip) extra.push(vip);
    const lb = await externalLbAnswersResult(plan, vipFrom, deps.remote(vipFrom.id), opts.signal);
    if (lb) extra.push(lb);
  }
  let matrices: PreflightRun['matrices'] = [];
  let listeners: PreflightRun['listeners'] = [];
  if ((opts.matrix ?? true) && reachable.length > 1) {
    const run = await runNetworkMatrix(
      reachable.map((g) => ({ nodeId: g.spec.id, address: g.spec.address, role: g.spec.role })),
      { bindPort: plan.bindPort, cni: plan.cni.plugin },
      deps.remote,
      { tools: opts.listenerTools, signal: opts.signal },
    );
    const factsById = new Map(inputs.map((n) => [n.facts.nodeId, n.facts]));
    // prepare-os opens the cluster's ports (or stops the firewall) unless the plan says leave.
    const install = installs && plan.firewall !== 'leave';
    const runsFirewall = (id: string): boolean => {
      const fw = factsById.get(id)?.firewall;
      return fw?.firewalld === 'active' || fw?.ufw === 'active';
    };
    extra.push(...networkResults(run, factsById, (to) => install && runsFirewall(to)));
    matrices = matricesOf(run);
    listeners = run.listeners;
  }
  return {
    checkedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    report: mergeResults(report, extra),
    matrices,
    listeners,
    unreachable: gathered
      .filter((g) => g.error)
      .map((g) => ({ nodeId: g.spec.id, message: g.error ?? '' })),
  };
}
