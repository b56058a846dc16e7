/**
 * Report build + write time (design §7: a 100-node report in ≤ 1 s). A synthetic 100-node
 * cluster (the guide's quirks: a retry, a preflight warning, one broken pod-to-pod pair, 100 × 100
 * matrices) is built into the report model and written as HTML, Markdown and JSON; PDF is timed
 * separately because it is Chromium's time, not kubelab's.
 *
 *   npx jiti bench/report.ts [nodes=100] [reps=7] [--pdf]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../common/report/build';
import { guideReportInput } from '../common/report/testing/guideFixture';
import { chromiumPdfRenderer } from '../main/report/pdf';
import { exportReport } from '../main/report/write';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const NODES = Number(args[0] ?? '100');
const REPS = Number(args[1] ?? '7');
const PDF = process.argv.includes('--pdf');

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const dir = await mkdtemp(join(tmpdir(), 'kubelab-bench-report-'));
try {
  const input = guideReportInput('en', NODES);
  const total: number[] = [];
  const build: number[] = [];
  const sizes: Record<string, number> = {};
  for (let i = 0; i < REPS; i += 1) {
    const t0 = performance.now();
    const report = buildReport(input);
    const t1 = performance.now();
    for (const format of ['html', 'md', 'json'] as const) {
      sizes[format] = await exportReport(report, format, join(dir, `r.${format}`));
    }
    total.push(performance.now() - t0);
    build.push(t1 - t0);
  }
  const kb = Object.entries(sizes)
    .map(([f, b]) => `${f} ${Math.round(b / 1024)} KiB`)
    .join(', ');
  console.log(
    `report ${NODES} nodes: build+write html/md/json median ${median(total).toFixed(0)} ms ` +
      `(max ${Math.max(...total).toFixed(0)} ms, build ${median(build).toFixed(0)} ms, first ${total[0]?.toFixed(0)} ms; ${kb}) ` +
      `goal ≤ 1000 ms: ${Math.max(...total) <= 1000 ? 'met' : 'NOT met'}`,
  );
  if (PDF) {
    const t0 = performance.now();
    const bytes = await exportReport(buildReport(input), 'pdf', join(dir, 'r.pdf'), {
      pdf: chromiumPdfRenderer(),
    });
    console.log(
      `report ${NODES} nodes: pdf via Chromium ${(performance.now() - t0).toFixed(0)} ms (${Math.round(bytes / 1024)} KiB)`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
