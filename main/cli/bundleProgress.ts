import type { BuildEvent } from '../../common/bundle/buildEvents';
import type { BundleBuildResult } from '../../common/contracts/bundle';
import { contentBytes } from '../../common/bundle/manifest';
import { humanBytes } from './etcdFormat';

/**
 * `kubelab bundle build`'s lines: the size known before (packages, from their indexes), each
 * artifact as it starts, its bytes with speed and ETA at most once a second, every mirror that
 * failed before the one that worked (a checksum mismatch names the artifact and the mirror), and
 * the bundle's size after.
 */
export function bundleProgressPrinter(
  write: (line: string) => void,
  now: () => number = Date.now,
): (e: BuildEvent) => void {
  const lastPrinted = new Map<string, number>();
  // Totals over the build: artifacts finished (downloaded or reused) of all, bytes downloaded.
  let finished = 0;
  let of = 0;
  let downloaded = 0;
  return (e) => {
    switch (e.kind) {
      case 'resolved':
        write(
          `${e.artifacts} artifacts to fetch: ${humanBytes(e.knownBytes)} before download${e.unsized > 0 ? ` (${e.unsized} sized only once downloaded)` : ''}\n`,
        );
        for (const s of e.skipped) write(`  skipped ${s.id}: ${s.reason}\n`);
        return;
      case 'artifact':
        of = e.of;
        if (e.state === 'reused') finished += 1;
        write(
          `[${e.index}/${e.of}] ${e.id}: ${e.state === 'reused' ? 'already downloaded' : 'downloading'}\n`,
        );
        return;
      case 'progress': {
        const t = now();
        const last = lastPrinted.get(e.id);
        if (last !== undefined && t - last < 1000) return;
        lastPrinted.set(e.id, t);
        const of = e.total !== undefined ? ` / ${humanBytes(e.total)}` : '';
        const eta = e.etaSeconds !== undefined ? `, ETA ${Math.ceil(e.etaSeconds)} s` : '';
        write(
          `  ${e.id}: ${humanBytes(e.bytes)}${of}, ${humanBytes(Math.round(e.speed))}/s${eta}\n`,
        );
        return;
      }
      case 'done':
        finished += 1;
        downloaded += e.bytes;
        for (const f of e.failures) {
          write(
            `  ${e.id}: mirror ${f.source.profile} (${f.source.location}) failed: ${f.error}\n`,
          );
        }
        write(
          `  ${e.id}: ${humanBytes(e.bytes)} from ${e.source.profile}${e.failures.length > 0 ? ' (fallback)' : ''} — ${finished}/${of} done, ${humanBytes(downloaded)} downloaded\n`,
        );
        return;
      case 'written':
        write(
          `wrote ${e.path}: ${humanBytes(e.fileBytes)} (content ${humanBytes(e.contentBytes)})\n`,
        );
        return;
    }
  };
}

/** The closing summary: entries by kind and what was skipped. */
export function formatBuilt(out: string, r: BundleBuildResult): string {
  const count = (k: string): number => r.manifest.entries.filter((e) => e.kind === k).length;
  const lines = [
    `${out}: ${r.manifest.entries.length} entries (${count('package')} packages, ${count('image')} images, ${count('file')} files), ${humanBytes(contentBytes(r.manifest))} of content, file ${humanBytes(r.fileBytes)}`,
  ];
  if (r.skipped.length > 0) {
    lines.push(`not in the bundle (${r.skipped.length}):`);
    for (const s of r.skipped) lines.push(`  ${s.id}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
