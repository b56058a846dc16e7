import type { BundleNeeds } from '../../common/bundle/schema';
import type { BundleEntryCheck, BundleInspection, BundleList } from '../../common/contracts/bundle';
import { contentBytes } from '../../common/bundle/manifest';
import { humanBytes } from './etcdFormat';

const STATE_TEXT: Record<BundleEntryCheck['state'], string> = {
  ok: 'ok',
  corrupt: 'CORRUPT',
  'size-mismatch': 'SIZE',
  missing: 'MISSING',
};

/** `kubelab bundle inspect`'s text: what the bundle is for, each entry, and the verdict. */
export function formatInspection(path: string, r: BundleInspection): string {
  const p = r.manifest.plan;
  const lines = [
    `${path}: kubelab bundle for ${p.clusterName} — Kubernetes ${r.manifest.versions.join(' → ')}, ${p.runtime}, ${p.cni}, mirrors ${p.mirrorProfile}; built ${r.manifest.createdAt}`,
    `machines: ${r.manifest.machines.map((m) => `${m.family} ${m.arch} ${m.release}`).join(', ') || 'none'}`,
  ];
  const width = Math.max(...r.checks.map((c) => humanBytes(c.bytes).length), 1);
  for (const c of r.checks) {
    const state = STATE_TEXT[c.state].padEnd(7);
    lines.push(`  ${state}  ${humanBytes(c.bytes).padStart(width)}  ${c.id}  ${c.path}`);
    if (c.detail) lines.push(`           ${c.detail}`);
  }
  for (const u of r.unlisted) lines.push(`  UNLISTED  ${u} (in the tar, not in manifest.json)`);
  const bad = r.checks.filter((c) => c.state !== 'ok').length + r.unlisted.length;
  lines.push(
    `${r.checks.length} ${r.checks.length === 1 ? 'entry' : 'entries'}, ${humanBytes(contentBytes(r.manifest))} of content, file ${humanBytes(r.fileBytes)}; ` +
      (bad === 0 ? 'every SHA-256 verified' : `${bad} failed verification`),
  );
  return `${lines.join('\n')}\n`;
}

/** `kubelab bundle plan`'s text: one line per artifact with where it comes from first. */
export function formatNeeds(needs: BundleNeeds): string {
  if (needs.errors.length > 0) {
    return needs.errors.map((e) => `${e.field}: ${e.message}\n`).join('');
  }
  const lines = [
    `bundle for Kubernetes ${needs.versions.join(' → ')}: ${needs.artifacts.length} artifacts`,
  ];
  for (const a of needs.artifacts) {
    const from =
      a.kind === 'package' ? a.repositories.map((r) => r.profile) : a.sources.map((s) => s.profile);
    const first = a.kind === 'package' ? a.repositories[0]?.index : a.sources[0]?.location;
    const more = from.length > 1 ? ` (fallbacks: ${from.slice(1).join(', ')})` : '';
    lines.push(`  ${a.kind.padEnd(7)}  ${a.id}  ← ${first ?? ''}${more}`);
  }
  for (const n of needs.notes) lines.push(`note: ${n.en}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `kubelab bundle list`: the project's bundles folder (the one the UI builds into), its bundles
 * newest first, and the builds interrupted with their downloads kept.
 */
export function formatBundleList(list: BundleList): string {
  if (!list.folder) return 'the project is not saved: it has no bundles folder\n';
  const lines = [`bundles in ${list.folder}:`];
  if (list.bundles.length === 0) lines.push('  (none)');
  const width = Math.max(...list.bundles.map((b) => humanBytes(b.bytes).length), 1);
  for (const b of list.bundles)
    lines.push(`  ${humanBytes(b.bytes).padStart(width)}  ${b.modifiedAt}  ${b.name}`);
  if (list.staged.length > 0) {
    lines.push('interrupted builds (downloads kept; build the same file again to resume):');
    for (const name of list.staged) lines.push(`  ${name}`);
  }
  return `${lines.join('\n')}\n`;
}
