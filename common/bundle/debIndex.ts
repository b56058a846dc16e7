import { compareDebVersions, debUpstream } from './debVersion';

/**
 * An apt repository's Packages index: deb822 stanzas separated by blank lines, continuation
 * lines starting with a space (https://wiki.debian.org/DebianRepository/Format#A.22Packages.22_Indices:
 * Package, Version, Architecture, Filename relative to the repository root, Size, SHA256,
 * Depends). What the bundle builder needs from it: the exact file of a package at a version and
 * the SHA-256 the repository publishes for it.
 */
export interface DebIndexEntry {
  name: string;
  version: string;
  arch: string;
  filename: string;
  size: number;
  sha256: string;
  depends: DebDependency[];
}

export interface DebDependency {
  name: string;
  /** `>=`, `=`, `<<` ... and the version, when the dependency is versioned. */
  relation?: { op: string; version: string };
}

function fields(stanza: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  for (const line of stanza.split('\n')) {
    if (/^[ \t]/.test(line) && key) {
      out.set(key, `${out.get(key) ?? ''}\n${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    key = line.slice(0, colon).trim();
    out.set(key, line.slice(colon + 1).trim());
  }
  return out;
}

/** `kubelet (>= 1.13.0), cri-tools (>= 1.13.0), foo | bar` → the first of each alternative. */
export function parseDepends(text: string): DebDependency[] {
  return text
    .split(',')
    .map((part) => part.split('|')[0]?.trim() ?? '')
    .filter((part) => part !== '')
    .map((part) => {
      const m =
        /^([a-z0-9][a-z0-9+.-]*)(?::\w+)?\s*(?:\(\s*(<<|<=|=|>=|>>)\s*([^)\s]+)\s*\))?/.exec(part);
      if (!m?.[1]) return { name: part };
      return m[2] && m[3] ? { name: m[1], relation: { op: m[2], version: m[3] } } : { name: m[1] };
    });
}

/** Every complete stanza (one lacking Filename, Size or SHA256 is not downloadable: skipped). */
export function parseDebIndex(text: string): DebIndexEntry[] {
  const out: DebIndexEntry[] = [];
  for (const stanza of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const f = fields(stanza);
    const name = f.get('Package');
    const version = f.get('Version');
    const filename = f.get('Filename');
    const size = Number(f.get('Size'));
    const sha256 = f.get('SHA256')?.toLowerCase();
    if (!name || !version || !filename || !Number.isInteger(size) || !sha256) continue;
    if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
    out.push({
      name,
      version,
      arch: f.get('Architecture') ?? '',
      filename,
      size,
      sha256,
      depends: parseDepends(f.get('Depends') ?? ''),
    });
  }
  return out;
}

function satisfies(version: string, relation: DebDependency['relation']): boolean {
  if (!relation) return true;
  const c = compareDebVersions(version, relation.version);
  switch (relation.op) {
    case '>=':
      return c >= 0;
    case '>>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<<':
      return c < 0;
    default:
      return c === 0;
  }
}

function newest(list: DebIndexEntry[]): DebIndexEntry | undefined {
  return [...list].sort((a, b) => compareDebVersions(b.version, a.version))[0];
}

/** The newest `name` for `arch` (or `all`) whose upstream version is exactly `upstream`. */
export function pickExact(
  index: readonly DebIndexEntry[],
  name: string,
  arch: string,
  upstream: string,
): DebIndexEntry | undefined {
  return newest(
    index.filter(
      (e) =>
        e.name === name &&
        (e.arch === arch || e.arch === 'all') &&
        debUpstream(e.version) === upstream,
    ),
  );
}

/** The newest `dep.name` for `arch` that satisfies the dependency's relation. */
export function pickDependency(
  index: readonly DebIndexEntry[],
  dep: DebDependency,
  arch: string,
): DebIndexEntry | undefined {
  return newest(
    index.filter(
      (e) =>
        e.name === dep.name &&
        (e.arch === arch || e.arch === 'all') &&
        satisfies(e.version, dep.relation),
    ),
  );
}
