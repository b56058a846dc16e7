import { esc } from '../escape';
import type { NodeHealth, Report, ReportNode } from '../model';
import { translateCode, type Translate } from '../strings';

/**
 * The cluster as a picture (inline SVG, no script, no external font): the API endpoint on top,
 * control-plane nodes under it, workers in rows below on a bus, each box coloured by status.
 * Broken pod-to-pod pairs from the after-install matrix are drawn as red dashed arcs.
 */
const W = 760;
const BOX_W = 112;
const BOX_H = 50;
const GAP = 12;
const ROW_H = BOX_H + 34;

export const HEALTH_COLOURS: Record<NodeHealth, { fill: string; stroke: string }> = {
  ready: { fill: '#e7f6ec', stroke: '#1f8a4c' },
  'not-ready': { fill: '#fdecea', stroke: '#c62828' },
  failed: { fill: '#fdecea', stroke: '#c62828' },
  installed: { fill: '#e8f0fe', stroke: '#1a5fb4' },
  pending: { fill: '#f2f2f2', stroke: '#777777' },
  unknown: { fill: '#f2f2f2', stroke: '#777777' },
};

interface Placed {
  node: ReportNode;
  x: number;
  y: number;
}

function rowOf(nodes: readonly ReportNode[], y: number, perRow: number): Placed[] {
  const out: Placed[] = [];
  nodes.forEach((node, i) => {
    const row = Math.floor(i / perRow);
    const inRow = Math.min(perRow, nodes.length - row * perRow);
    const rowW = inRow * BOX_W + (inRow - 1) * GAP;
    const x = (W - rowW) / 2 + (i % perRow) * (BOX_W + GAP);
    out.push({ node, x, y: y + row * ROW_H });
  });
  return out;
}

function box(p: Placed, t: Translate): string {
  const c = HEALTH_COLOURS[p.node.status];
  const status = translateCode(t, 'health', p.node.status);
  const name = p.node.name.length > 16 ? `${p.node.name.slice(0, 15)}…` : p.node.name;
  return (
    `<g><title>${esc(`${p.node.name} ${p.node.address} ${status}`)}</title>` +
    `<rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>` +
    `<text x="${p.x + BOX_W / 2}" y="${p.y + 17}" class="n">${esc(name)}</text>` +
    `<text x="${p.x + BOX_W / 2}" y="${p.y + 31}" class="a">${esc(p.node.address)}</text>` +
    `<text x="${p.x + BOX_W / 2}" y="${p.y + 44}" class="s" fill="${c.stroke}">${esc(status)}</text></g>`
  );
}

export function topologySvg(report: Report, t: Translate): string {
  const cps = report.nodes.filter((n) => n.role === 'control-plane');
  const workers = report.nodes.filter((n) => n.role !== 'control-plane');
  const perRow = Math.floor((W + GAP) / (BOX_W + GAP));
  const cpY = 70;
  const cpPlaced = rowOf(cps, cpY, perRow);
  const cpRows = Math.max(1, Math.ceil(cps.length / perRow));
  const wY = cpY + cpRows * ROW_H + 20;
  const wPlaced = rowOf(workers, wY, perRow);
  const wRows = Math.ceil(workers.length / perRow);
  const height = wY + wRows * ROW_H + 10;
  const parts: string[] = [];
  const ep = `${t('topology.endpoint')}: ${report.summary.endpoint}`;
  parts.push(
    `<rect x="${W / 2 - 170}" y="8" width="340" height="34" rx="17" fill="#fff7e0" stroke="#b7791f"/>`,
    `<text x="${W / 2}" y="30" class="n">${esc(ep)}</text>`,
  );
  for (const p of cpPlaced) {
    parts.push(`<line x1="${W / 2}" y1="42" x2="${p.x + BOX_W / 2}" y2="${p.y}" class="l"/>`);
  }
  // A bus per worker row, joined to the control plane's row by one vertical line.
  const busTop = cpY + (cpRows - 1) * ROW_H + BOX_H;
  for (let r = 0; r < wRows; r += 1) {
    const row = wPlaced.slice(r * perRow, (r + 1) * perRow);
    const first = row[0];
    const last = row.at(-1);
    if (!first || !last) continue;
    const busY = first.y - 12;
    const x1 = Math.min(first.x + BOX_W / 2, W / 2);
    const x2 = Math.max(last.x + BOX_W / 2, W / 2);
    parts.push(`<line x1="${x1}" y1="${busY}" x2="${x2}" y2="${busY}" class="l"/>`);
    for (const p of row) {
      parts.push(
        `<line x1="${p.x + BOX_W / 2}" y1="${busY}" x2="${p.x + BOX_W / 2}" y2="${p.y}" class="l"/>`,
      );
    }
  }
  if (wRows > 0) {
    const end = (wPlaced.at(-1)?.y ?? wY) - 12;
    parts.push(`<line x1="${W / 2}" y1="${busTop}" x2="${W / 2}" y2="${end}" class="l"/>`);
  }
  parts.push(...[...cpPlaced, ...wPlaced].map((p) => box(p, t)));
  parts.push(...brokenArcs(report, [...cpPlaced, ...wPlaced]));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img" class="kl-topo" aria-label="${esc(t('section.topology'))}">` +
    // Scoped: an inline SVG's <style> applies to the whole HTML document.
    '<style>.kl-topo text{font:11px sans-serif;text-anchor:middle}.kl-topo .n{font-weight:600;font-size:12px}.kl-topo .a{fill:#444}.kl-topo .s{font-size:10px}.kl-topo .l{stroke:#8a8f98;stroke-width:1.2}.kl-topo .b{stroke:#c62828;stroke-width:1.6;stroke-dasharray:5 3;fill:none}</style>' +
    `${parts.join('')}</svg>`
  );
}

/** At most 24 arcs: past that the picture stops helping and the matrix section lists them. */
function brokenArcs(report: Report, placed: readonly Placed[]): string[] {
  const at = new Map<string, Placed>();
  for (const p of placed) {
    at.set(p.node.name, p);
    at.set(p.node.id, p);
  }
  const pairs = report.network
    .filter((m) => m.phase === 'after-install')
    .flatMap((m) => m.cells.filter((c) => !c.ok))
    .slice(0, 24);
  return pairs.flatMap((c) => {
    const a = at.get(c.from);
    const b = at.get(c.to);
    if (!a || !b) return [];
    const ax = a.x + BOX_W / 2;
    const bx = b.x + BOX_W / 2;
    const ay = a.y + BOX_H;
    const by = b.y + BOX_H;
    const dip = Math.max(ay, by) + 10 + Math.min(40, Math.abs(ax - bx) / 6);
    return [
      `<path d="M${ax} ${ay} Q${(ax + bx) / 2} ${dip + 14} ${bx} ${by}" class="b"><title>${esc(`${c.from} → ${c.to}: ${c.detail ?? ''}`)}</title></path>`,
    ];
  });
}
