import { esc, formatDuration } from '../escape';
import type { Report, TimelineTask } from '../model';
import { translateCode, type Translate } from '../strings';

/**
 * The install timeline as a Gantt chart (inline SVG): one lane per node, one bar per step coloured
 * by step, time in minutes from the run's start. A retried step gets an orange outline and `×N`,
 * a failed one is red. Colours repeat the legend below the chart, which names every step.
 */
const W = 760;
const LABEL_W = 110;
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#a0cbe8',
  '#8cd17d',
  '#86bcb6',
  '#d4a6c8',
];

function time(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

function tickStep(minutes: number): number {
  for (const s of [1, 2, 5, 10, 15, 30, 60, 120]) if (minutes / s <= 12) return s;
  return 240;
}

export function ganttSvg(report: Report, t: Translate): string {
  const tl = report.timeline;
  const timed = tl.tasks.filter((k) => time(k.startedAt) !== undefined);
  const t0 = time(tl.startedAt) ?? Math.min(...timed.map((k) => time(k.startedAt) ?? Infinity));
  const ends = timed.map((k) => time(k.finishedAt) ?? time(k.startedAt) ?? t0);
  const t1 = Math.max(t0 + 60_000, time(tl.finishedAt) ?? -Infinity, ...ends);
  if (timed.length === 0 || !Number.isFinite(t0)) return '';
  const lanes = [...new Set(timed.map((k) => k.nodeId))];
  const laneH = lanes.length > 30 ? 9 : 18;
  const top = 26;
  const plotW = W - LABEL_W - 10;
  const x = (ms: number): number => LABEL_W + ((ms - t0) / (t1 - t0)) * plotW;
  const colour = new Map(tl.steps.map((s, i) => [s.id, PALETTE[i % PALETTE.length] ?? '#888']));
  const parts: string[] = [];
  const totalMin = (t1 - t0) / 60_000;
  const step = tickStep(totalMin);
  const plotBottom = top + lanes.length * laneH;
  for (let m = 0; m <= totalMin; m += step) {
    const px = x(t0 + m * 60_000).toFixed(1);
    parts.push(`<line x1="${px}" y1="${top - 4}" x2="${px}" y2="${plotBottom}" class="g"/>`);
    parts.push(`<text x="${px}" y="${top - 8}" class="t">${m}</text>`);
  }
  parts.push(`<text x="${LABEL_W}" y="10" class="x">${esc(t('gantt.axis'))}</text>`);
  lanes.forEach((node, i) => {
    const y = top + i * laneH;
    if (laneH >= 12 || i % 5 === 0) {
      parts.push(`<text x="${LABEL_W - 6}" y="${y + laneH * 0.72}" class="y">${esc(node)}</text>`);
    }
    for (const k of timed.filter((task) => task.nodeId === node))
      parts.push(bar(k, y, laneH, x, colour, t));
  });
  const legend = tl.steps.map((s, i) => {
    const col = i % 3;
    const row = Math.floor(i / 3);
    const lx = 10 + col * 250;
    const ly = plotBottom + 18 + row * 16;
    return `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${colour.get(s.id) ?? '#888'}"/><text x="${lx + 15}" y="${ly}" class="k">${esc(s.title)}</text>`;
  });
  const height = plotBottom + 18 + Math.ceil(tl.steps.length / 3) * 16;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img" class="kl-gantt" aria-label="${esc(t('section.timeline'))}">` +
    // Scoped: an inline SVG's <style> applies to the whole HTML document.
    '<style>.kl-gantt text{font:10px sans-serif}.kl-gantt .t{text-anchor:middle;fill:#555}.kl-gantt .x{fill:#555}.kl-gantt .y{text-anchor:end}.kl-gantt .g{stroke:#e3e3e3}.kl-gantt .r{stroke:#e8590c;stroke-width:1.6}.kl-gantt .f{stroke:#c62828;stroke-width:2}.kl-gantt .c{font-size:8px;font-weight:700;fill:#b3400a}</style>' +
    `${parts.join('')}${legend.join('')}</svg>`
  );
}

function bar(
  k: TimelineTask,
  y: number,
  laneH: number,
  x: (ms: number) => number,
  colour: ReadonlyMap<string, string>,
  t: Translate,
): string {
  const s = time(k.startedAt) ?? 0;
  const e = time(k.finishedAt) ?? s;
  const x1 = x(s);
  const w = Math.max(1.5, x(e) - x1);
  const cls = k.status === 'failed' ? ' class="f"' : k.attempts > 1 ? ' class="r"' : '';
  const fill = k.status === 'failed' ? '#f4b4b4' : (colour.get(k.stepId) ?? '#888');
  const status = translateCode(t, 'task', k.status);
  const tip = `${k.nodeId} · ${k.stepTitle} · ${formatDuration(k.durationMs)} · ${status}${k.attempts > 1 ? ` · ×${k.attempts}` : ''}`;
  const mark =
    k.attempts > 1 && laneH >= 12
      ? `<text x="${(x1 + w / 2).toFixed(1)}" y="${y - 1}" class="c" text-anchor="middle">×${k.attempts}</text>`
      : '';
  return `<rect x="${x1.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${laneH - 4}" fill="${fill}"${cls}><title>${esc(tip)}</title></rect>${mark}`;
}
