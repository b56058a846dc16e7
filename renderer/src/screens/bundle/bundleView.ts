import { bundleMachine } from '../../../../common/bundle/fromFacts';
import type { Artifact, BundleMachine } from '../../../../common/bundle/schema';
import {
  ENTRY_STATES,
  type BundleEntryCheck,
  type BundleInspection,
} from '../../../../common/contracts/bundle';
import type { HostFacts } from '../../../../common/model/facts';
import type { NodeSpec } from '../../../../common/model/node';

/**
 * The Bundle page's pure logic: sizes, speeds and times as people read them, the plan's needs
 * grouped by kind, the machines from their facts, the file name a build may take, and the
 * inspection's checks counted. Unit symbols (KiB, MiB/s, min, s) read the same in both languages.
 */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `512 B`, `1.5 KiB`, `230.4 MiB`, `2.1 GiB`; `–` for a size not known. */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `3.2 MiB/s`; `–` when nothing moves. */
export function formatSpeed(bytesPerSecond: number): string {
  return bytesPerSecond > 0 ? `${formatSize(Math.round(bytesPerSecond))}/s` : '–';
}

/** `42 s`, `3 min 20 s`, `1 h 04 min`; `–` while the time left is not known. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A fraction 0…1 for a bar, or undefined while the total is not known. */
export function fraction(done: number, total: number | undefined): number | undefined {
  if (total === undefined || total <= 0) return undefined;
  return Math.min(1, Math.max(0, done / total));
}

export const ARTIFACT_KINDS = ['package', 'image', 'file'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** The plan's artifacts by kind, in the page's order; kinds with none are left out. */
export function artifactsByKind(
  artifacts: readonly Artifact[],
): { kind: ArtifactKind; artifacts: Artifact[] }[] {
  return ARTIFACT_KINDS.map((kind) => ({
    kind,
    artifacts: artifacts.filter((a) => a.kind === kind),
  })).filter((g) => g.artifacts.length > 0);
}

/** What an artifact is, in one line: `kubeadm 1.18.2 (deb amd64)`, an image ref, a file path. */
export function artifactLabel(a: Artifact): string {
  switch (a.kind) {
    case 'package':
      return `${a.name}${a.version ? ` ${a.version}` : ''} (${a.family} ${a.arch})`;
    case 'image':
      return a.image;
    case 'file':
      return a.path;
  }
}

export type FactsEntry = HostFacts | { error: string };

/**
 * The machines a bundle is for, from each node's collected facts; a node without facts is named
 * with its reason, since a bundle built without it would miss its OS's packages.
 */
export function machinesFromFacts(
  nodes: readonly Pick<NodeSpec, 'id' | 'name' | 'role'>[],
  facts: Readonly<Record<string, FactsEntry | undefined>>,
): { machines: BundleMachine[]; missing: { name: string; reason: string }[] } {
  const machines: BundleMachine[] = [];
  const missing: { name: string; reason: string }[] = [];
  for (const node of nodes) {
    const f = facts[node.id];
    if (f === undefined) missing.push({ name: node.name, reason: '' });
    else if ('error' in f) missing.push({ name: node.name, reason: f.error });
    else machines.push(bundleMachine(node, f));
  }
  return { machines, missing };
}

/** Why a typed bundle file name is refused: an i18n key under `bundle.build.name`. */
export const NAME_PROBLEMS = ['empty', 'folder', 'dots'] as const;
export type NameProblem = (typeof NAME_PROBLEMS)[number];

/**
 * The file a build writes for a typed name: in the project's bundles folder (the only place a
 * page may write, main/handlers/bundlePath.ts), `.tar` added when missing. A name with a path
 * separator is refused rather than flattened, so the user sees where the file will really go.
 */
export function bundleOutPath(
  folder: string,
  typed: string,
): { path: string; name: string } | { problem: NameProblem } {
  const trimmed = typed.trim();
  if (trimmed === '') return { problem: 'empty' };
  if (/[/\\]/.test(trimmed)) return { problem: 'folder' };
  const name = trimmed.endsWith('.tar') ? trimmed : `${trimmed}.tar`;
  if (name === '.tar' || name.startsWith('..')) return { problem: 'dots' };
  // The folder comes from the back end: keep its own separator (a Windows desktop's `\`).
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return { path: `${folder}${sep}${name}`, name };
}

/** A default name for the next bundle: the cluster and its versions (`lab-1.18.2.tar`). */
export function suggestedName(clusterName: string, versions: readonly string[]): string {
  const safe = clusterName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'bundle';
  return `${[safe, ...versions].join('-')}.tar`;
}

/** The inspection's checks counted by state (ok first), states no entry has left out. */
export function checkCounts(
  checks: readonly Pick<BundleEntryCheck, 'state'>[],
): { state: BundleEntryCheck['state']; count: number }[] {
  return ENTRY_STATES.map((state) => ({
    state,
    count: checks.filter((c) => c.state === state).length,
  })).filter((c) => c.count > 0);
}

/** Failed checks first, so a corrupted entry is the first row the user reads. */
export function checksForDisplay(inspection: BundleInspection): BundleEntryCheck[] {
  return [...inspection.checks].sort(
    (a, b) => Number(a.state === 'ok') - Number(b.state === 'ok') || a.path.localeCompare(b.path),
  );
}

/** The contract's rule for one plain-HTTP registry (common/contracts/bundle.ts). */
const REGISTRY_HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;

/**
 * The registries typed as reached over plain HTTP (a lab or company mirror without TLS, the
 * CLI's `--plain-http`): hosts with an optional port, separated by commas or spaces. The first
 * one that is not a host is named rather than sent.
 */
export function parsePlainHttp(typed: string): { hosts: string[] } | { invalid: string } {
  const hosts = typed.split(/[\s,]+/).filter((h) => h !== '');
  const invalid = hosts.find((h) => !REGISTRY_HOST.test(h));
  return invalid === undefined ? { hosts } : { invalid };
}
