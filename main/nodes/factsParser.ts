import type { HostFacts, NetInterface } from '../../common/model/facts';
import { FACTS_BINARIES } from './factsScript';

/** Splits the facts script's output into its `@@KL:<name>` sections. */
export function splitSections(output: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (name !== undefined) sections.set(name, lines.join('\n').trim());
  };
  for (const line of output.split('\n')) {
    const m = /^@@KL:([a-z0-9]+)$/.exec(line);
    if (m?.[1]) {
      flush();
      name = m[1];
      lines = [];
    } else lines.push(line);
  }
  flush();
  return sections;
}

/** Parses os-release's KEY=value lines (values optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2').replace(/\\(["$`\\])/g, '$1');
  }
  return out;
}

function num(text: string | undefined): number {
  const n = Number((text ?? '').trim());
  return Number.isFinite(n) ? n : 0;
}

/** `ip -o link` + `ip -o addr` into interfaces with MACs and addresses. */
export function parseInterfaces(links: string, addrs: string): NetInterface[] {
  const byName = new Map<string, NetInterface>();
  for (const line of links.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)(?:@[^:]+)?:\s+<[^>]*>.*?\bstate\s+(\S+)/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const mac = /link\/(?:ether|infiniband)\s+([0-9a-f:]+)/i.exec(line)?.[1];
    byName.set(m[1], { name: m[1], state: m[2], addresses: [], ...(mac ? { mac } : {}) });
  }
  for (const line of addrs.split('\n')) {
    const m = /^\d+:\s+(\S+)\s+(inet6?)\s+([0-9a-fA-F.:]+)\/(\d+)/.exec(line);
    if (!m?.[1] || !m[2] || !m[3] || !m[4]) continue;
    const name = m[1].replace(/@.*$/, '');
    let iface = byName.get(name);
    if (!iface) {
      iface = { name, state: 'UNKNOWN', addresses: [] };
      byName.set(name, iface);
    }
    iface.addresses.push({ family: m[2] as 'inet' | 'inet6', address: m[3], prefix: Number(m[4]) });
  }
  return [...byName.values()];
}

function parseDefaultRoute(text: string): HostFacts['defaultRoute'] {
  for (const line of text.split('\n')) {
    const m = /^default\s+(?:via\s+(\S+)\s+)?dev\s+(\S+)/.exec(line.trim());
    if (m?.[2]) return { iface: m[2], ...(m[1] ? { gateway: m[1] } : {}) };
  }
  return undefined;
}

function parseSwaps(text: string): HostFacts['swap']['active'] {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && f[0])
    .map((f) => ({ name: f[0] ?? '', type: f[1] ?? '', sizeKb: num(f[2]) }));
}

function parseSelinux(text: string): HostFacts['selinux'] {
  const t = text.trim().toLowerCase();
  if (t === 'enforcing' || t === '1') return 'enforcing';
  if (t === 'permissive' || t === '0') return 'permissive';
  if (t === 'disabled') return 'disabled';
  return 'absent';
}

function parseFirewalld(text: string): HostFacts['firewall']['firewalld'] {
  const t = text.trim().split('\n')[0] ?? '';
  if (t === 'absent') return 'absent';
  return t === 'active' ? 'active' : 'inactive';
}

function parseUfw(text: string): HostFacts['firewall']['ufw'] {
  const t = text.trim();
  if (t === 'absent') return 'absent';
  if (/^Status:\s*active/i.test(t)) return 'active';
  if (/^Status:\s*inactive/i.test(t)) return 'inactive';
  return 'unknown';
}

/** The first version-looking token in a tool's version line: `v1.28.2`, `24.0.7`, `1.6.26`. */
export function versionOf(line: string): string | undefined {
  return /\bv?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)/.exec(line)?.[0];
}

function parseBinaries(text: string): HostFacts['binaries'] {
  const known = new Set<string>(FACTS_BINARIES);
  return text
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f[0] && f[1] && known.has(f[0]))
    .map(([name = '', path = '', raw = '']) => {
      const version = versionOf(raw);
      return { name, path, ...(version ? { version } : {}) };
    });
}

function parseDisks(text: string): HostFacts['disks'] {
  const disks: HostFacts['disks'] = [];
  for (const line of text.split('\n')) {
    const name = /NAME="([^"]*)"/.exec(line)?.[1];
    if (!name) continue;
    disks.push({
      name,
      sizeBytes: num(/SIZE="(\d*)"/.exec(line)?.[1]),
      type: /TYPE="([^"]*)"/.exec(line)?.[1] ?? '',
    });
  }
  return disks;
}

function parseDf(text: string): HostFacts['filesystems'] {
  const seen = new Set<string>();
  const out: HostFacts['filesystems'] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const mount = f.slice(5).join(' ');
    if (seen.has(mount)) continue;
    seen.add(mount);
    out.push({ mount, sizeBytes: num(f[1]), availableBytes: num(f[3]) });
  }
  return out;
}

function parseCgroup(text: string): HostFacts['cgroup'] {
  const t = text.trim();
  if (t === 'cgroup2fs') return 'v2';
  if (t === 'tmpfs') return 'v1';
  return 'unknown';
}

export interface ParseContext {
  nodeId: string;
  collectedAt: string;
  /** The admin's clock (ms since epoch) at the moment the node's clock was sampled. */
  localClockMs: number;
  sudo: HostFacts['sudo'];
}

/** Turns the facts script's output into HostFacts. */
export function parseFacts(output: string, ctx: ParseContext): HostFacts {
  const s = splitSections(output);
  const get = (k: string): string => s.get(k) ?? '';
  const os = parseOsRelease(get('os'));
  const nodeClockMs = num(get('clock')) / 1e6;
  const mem = /MemTotal:\s+(\d+)\s*kB/.exec(get('meminfo'));
  const iptables = /^-P FORWARD (ACCEPT|DROP|REJECT)/m.exec(get('iptables'))?.[1] as
    'ACCEPT' | 'DROP' | 'REJECT' | undefined;
  const machineId = get('machineid');
  const productUuid = get('productuuid').toLowerCase();
  return {
    nodeId: ctx.nodeId,
    collectedAt: ctx.collectedAt,
    os: {
      id: os.ID ?? 'unknown',
      idLike: (os.ID_LIKE ?? '').split(/\s+/).filter(Boolean),
      version: os.VERSION_ID ?? '',
      prettyName: os.PRETTY_NAME ?? os.NAME ?? '',
    },
    kernel: get('kernel'),
    arch: get('arch'),
    cpus: num(get('cpus')),
    memoryBytes: mem?.[1] ? Number(mem[1]) * 1024 : 0,
    disks: parseDisks(get('lsblk')),
    filesystems: parseDf(get('df')),
    hostname: get('hostname'),
    ...(machineId ? { machineId } : {}),
    ...(productUuid ? { productUuid } : {}),
    interfaces: parseInterfaces(get('links'), get('addrs')),
    defaultRoute: parseDefaultRoute(get('route')),
    swap: { active: parseSwaps(get('swaps')), fstab: get('fstab').split('\n').filter(Boolean) },
    selinux: parseSelinux(get('selinux')),
    firewall: {
      firewalld: parseFirewalld(get('firewalld')),
      ufw: parseUfw(get('ufw')),
      ...(iptables ? { iptablesForwardPolicy: iptables } : {}),
    },
    cgroup: parseCgroup(get('cgroup')),
    binaries: parseBinaries(get('bins')),
    clockOffsetMs: nodeClockMs ? Math.round(nodeClockMs - ctx.localClockMs) : 0,
    sudo: ctx.sudo,
  };
}
