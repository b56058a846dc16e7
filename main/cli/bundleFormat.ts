import type { BundleEntryCheck, BundleInspection } from '../../common/contracts/bundle';
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
    `${r.checks.length} entries, ${humanBytes(contentBytes(r.manifest))} of content, file ${humanBytes(r.fileBytes)}; ` +
      (bad === 0 ? 'every SHA-256 verified' : `${bad} failed verification`),
  );
  return `${lines.join('\n')}\n`;
}
