// Which Node.js the install supports, checked against every package's `engines.node` in
// package-lock.json (what `npm ci` compares when it prints EBADENGINE). The web host, the CLI and
// the tests run on Node 20.19+ (README "Install"); the packages that want Node 22.12 are exactly
// the desktop app's build chain, which the README says needs Node 22.13+ (22.12 is not enough:
// typescript-eslint's eslint-visitor-keys and rolldown's wasm binding want ^22.13.0 on 22). A new dependency that
// drops Node 20 fails here instead of surfacing as a warning nobody reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');

/**
 * Every supported Electron (43–45 in December 2026) and @electron/rebuild 4 declare
 * `"node": ">= 22.12.0"` (npm registry metadata: `npm view electron@45 engines`,
 * `npm view @electron/rebuild@4 engines`); the others come with them.
 */
const DESKTOP_BUILD_NEEDS_22 = [
  '@electron-internal/extract-zip', // electron's postinstall unzips its binary
  '@electron/get', // electron's postinstall downloads its binary
  '@electron/rebuild', // electron-builder rebuilds node-pty for Electron's ABI
  'electron',
  'node-abi', // @electron/rebuild's Electron → ABI table
];

type Version = [number, number, number];

function parse(v: string): Version {
  const [a = 0, b = 0, c = 0] = v
    .replace(/^v/, '')
    .split('.')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : 0));
  return [a, b, c];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** node-semver's meaning of one comparator (`>=22.12.0`, `^20.19.0`, `20.x`, `*`) for `v`. */
function satisfiesOne(v: Version, comparator: string): boolean {
  const m = /^(>=|<=|>|<|=|\^|~)?\s*v?([\d.xX*]*)$/.exec(comparator.trim());
  if (!m) throw new Error(`engines comparator not understood: ${comparator}`);
  const [, op = '=', raw = ''] = m;
  if (raw === '' || raw === '*' || /^[xX]$/.test(raw)) return true;
  const parts = raw.split('.');
  const wild = parts.findIndex((p) => !/^\d+$/.test(p));
  const want = parse(raw);
  const c = compare(v, want);
  if (op === '>=') return c >= 0;
  if (op === '>') return c > 0;
  if (op === '<') return c < 0;
  if (op === '<=') return c <= 0;
  // ^ keeps the major (for 1+), ~ and a partial version keep what was given.
  const fixed =
    op === '^' ? 1 : op === '~' ? Math.min(parts.length, 2) : wild < 0 ? parts.length : wild;
  return c >= 0 && v.slice(0, fixed).every((x, i) => x === want[i]);
}

function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alt) =>
    alt
      .trim()
      .replace(/(>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((c) => satisfiesOne(v, c)),
  );
}

interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

function refusing(nodeVersion: string): string[] {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  const names = new Set<string>();
  for (const [path, pkg] of Object.entries(lock.packages)) {
    const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
    if (path === '' || range === undefined) continue;
    if (!satisfies(nodeVersion, range)) names.add(path.replace(/^.*node_modules\//, ''));
  }
  return [...names].sort();
}

describe('Node.js versions the dependencies accept', () => {
  it('reads ranges as npm does', () => {
    expect(satisfies('20.19.0', '>= 22.12.0')).toBe(false);
    expect(satisfies('22.12.0', '>=22.12.0')).toBe(true);
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.18.3', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('21.7.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('20.19.0', '^20.0.0 || ^22.0.0 || >=24.0.0')).toBe(true);
    expect(satisfies('20.19.0', '>=14 <21')).toBe(true);
    expect(satisfies('20.19.0', '18.x || 20.x')).toBe(true);
    expect(satisfies('20.19.0', '20 || >=22')).toBe(true);
    expect(satisfies('21.1.0', '20 || >=22')).toBe(false);
    expect(satisfies('20.19.0', '~20.18.0')).toBe(false);
  });

  it('on Node 20.19 only the desktop build chain asks for more (README says 22.13+ for it)', () => {
    expect(refusing('20.19.0')).toEqual(DESKTOP_BUILD_NEEDS_22);
  });

  it('on Node 22.13 every package is satisfied: npm ci prints no EBADENGINE', () => {
    expect(refusing('22.13.0')).toEqual([]);
    // 22.12, the desktop chain's own floor, still leaves the lint and wasm packages behind.
    expect(refusing('22.12.0')).toContain('eslint-visitor-keys');
  });
});
