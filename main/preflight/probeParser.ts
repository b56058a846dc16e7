import type { RuntimeId } from '../../common/catalog/kubernetesVersions';
import type { PreflightProbes } from '../../common/model/preflight';
import { splitSections } from '../nodes/factsParser';
import { parsePackageOffer, type PackageOffer } from './packageOffer';

/** One URL the probe tried from the node: curl's exit code (0 = some HTTP answer). */
export interface UrlReach {
  url: string;
  curlExit: number;
  /** curl's first stderr line when it failed (`curl: (6) Could not resolve host: …`). */
  error: string;
}

export interface ProbeOutput {
  /** What common/preflight reads (PreflightProbesSchema). */
  probes: PreflightProbes;
  /** The node's clock (ms since epoch) when the probe began. */
  nodeClockMs: number;
  /** Tools found on root's PATH, name → path (kubeadm's and the network matrix's). */
  tools: Record<string, string>;
  urls: UrlReach[];
  hostname: string;
  /** The kubeadm versions the plan's repository offers (undefined: not asked). */
  packageOffer?: PackageOffer;
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The runtime's cgroup driver for the plan's runtime. Docker reports it (`docker info`);
 * containerd's runc uses cgroupfs unless the CRI config sets `SystemdCgroup = true`.
 */
export function cgroupDriver(
  runtime: RuntimeId,
  dockerOut: string,
  containerdOut: string,
): PreflightProbes['runtimeCgroupDriver'] {
  if (runtime === 'containerd') {
    if (!containerdOut.trim()) return 'unknown';
    const m = /SystemdCgroup\s*=\s*(true|false)/.exec(containerdOut);
    return m?.[1] === 'true' ? 'systemd' : 'cgroupfs';
  }
  const d = dockerOut.trim().split('\n')[0]?.trim();
  return d === 'systemd' || d === 'cgroupfs' ? d : 'unknown';
}

/** `0.0.0.0:6443`, `[::]:10250`, `*:22`, `127.0.0.1%lo:53` → the port. */
export function portOf(local: string): number | undefined {
  const m = /:(\d+)$/.exec(local.trim());
  const port = m?.[1] ? Number(m[1]) : Number.NaN;
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

/** Turns probe.sh output into the probes preflight reads, for the plan's runtime. */
export function parseProbe(output: string, runtime: RuntimeId): ProbeOutput {
  const s = splitSections(output);
  const get = (k: string): string => s.get(k) ?? '';
  const sysctl: Record<string, string> = {};
  for (const l of lines(get('sysctl'))) {
    const i = l.indexOf('=');
    if (i > 0) sysctl[l.slice(0, i).trim()] = l.slice(i + 1).trim();
  }
  const host = lines(get('hostname'));
  const resolveLine = host.find((l) => l.startsWith('resolves ') || l === 'unresolved');
  const ports = new Set<number>();
  for (const l of lines(get('listening'))) {
    const p = portOf(l);
    if (p !== undefined) ports.add(p);
  }
  const tools: Record<string, string> = {};
  for (const l of lines(get('tools'))) {
    const [name, path] = l.split('\t');
    if (name && path) tools[name] = path;
  }
  const urls: UrlReach[] = [];
  for (const l of get('urls').split('\n')) {
    const [url, code, , error = ''] = l.split('\t');
    if (!url || code === undefined) continue;
    urls.push({ url, curlExit: Number(code), error: error.trim() });
  }
  const probes: PreflightProbes = {
    modules: [...new Set(lines(get('modules')))],
    sysctl,
    zramSwap: lines(get('zram')).length > 0,
    runtimeCgroupDriver: cgroupDriver(runtime, get('dockercgroup'), get('containerdconfig')),
    criSockets: lines(get('crisockets')).map((p) => `unix://${p}`),
    listeningPorts: [...ports].sort((a, b) => a - b),
    leftoverPaths: lines(get('leftovers')),
  };
  // No getent on the node: say nothing rather than guess.
  if (resolveLine) probes.hostnameResolves = resolveLine !== 'unresolved';
  const out: ProbeOutput = {
    probes,
    nodeClockMs: Number(get('clock')) / 1e6,
    tools,
    urls,
    hostname: host[0] ?? '',
  };
  const offer = parsePackageOffer(s.get('k8spkgs'));
  if (offer) out.packageOffer = offer;
  return out;
}
