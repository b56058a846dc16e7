import type { TopologyLink, TopologyMachine, TopologyNetwork } from './types';

/** Sizes in flow units; the CSS draws the boxes at exactly these sizes. */
export const BOX = { width: 190, height: 70, gapX: 72, gapY: 84, pad: 28, maxPerRow: 6 };
export const ENDPOINT_ID = '__endpoint';
export const NETWORK_ID = '__network';

export interface Placed {
  id: string;
  kind: 'machine' | 'endpoint' | 'network';
  x: number;
  y: number;
  width: number;
  height: number;
  machine?: TopologyMachine;
}

export interface Wire {
  id: string;
  source: string;
  target: string;
  sourceHandle: string;
  targetHandle: string;
  kind: 'api' | 'joined' | 'check';
  link?: TopologyLink;
}

/** Lays out one row of `count` boxes centred on x = 0. */
function row(count: number): number[] {
  const total = count * BOX.width + (count - 1) * BOX.gapX;
  return Array.from({ length: count }, (_, i) => -total / 2 + i * (BOX.width + BOX.gapX));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A layered layout that needs no layout library: the API endpoint on top, the control plane in
 * the row beneath it, then the workers in rows of at most six, every row centred. The pod
 * network is a box behind all machines. It is deterministic, so the diagram does not jump when a
 * state changes — only when machines are added or removed.
 */
export function layoutTopology(
  machines: readonly TopologyMachine[],
  network: TopologyNetwork | undefined,
  links: readonly TopologyLink[] = [],
): { placed: Placed[]; wires: Wire[] } {
  const placed: Placed[] = [];
  const wires: Wire[] = [];
  const cps = machines.filter((m) => m.role === 'control-plane');
  const workers = machines.filter((m) => m.role === 'worker');
  let y = 0;

  if (network) {
    placed.push({
      id: ENDPOINT_ID,
      kind: 'endpoint',
      x: -BOX.width / 2,
      y,
      width: BOX.width,
      height: BOX.height,
    });
    y += BOX.height + BOX.gapY;
  }

  const machineTop = y;
  const rows = [...chunk(cps, BOX.maxPerRow), ...chunk(workers, BOX.maxPerRow)];
  for (const members of rows) {
    const xs = row(members.length);
    members.forEach((machine, i) =>
      placed.push({
        id: machine.id,
        kind: 'machine',
        x: xs[i] ?? 0,
        y,
        width: BOX.width,
        height: BOX.height,
        machine,
      }),
    );
    y += BOX.height + BOX.gapY;
  }

  if (network && machines.length > 0) {
    const widest = Math.max(...rows.map((r) => r.length));
    const width = widest * BOX.width + (widest - 1) * BOX.gapX + 2 * BOX.pad;
    const height = y - BOX.gapY - machineTop + 2 * BOX.pad + 18;
    // Behind the machines, so it goes first.
    placed.unshift({
      id: NETWORK_ID,
      kind: 'network',
      x: -width / 2,
      y: machineTop - BOX.pad - 18,
      width,
      height,
    });
  }

  if (network) {
    for (const cp of cps) {
      wires.push({
        id: `api-${cp.id}`,
        source: ENDPOINT_ID,
        target: cp.id,
        sourceHandle: 'bottom',
        targetHandle: 'top',
        kind: 'api',
      });
    }
  }
  // Workers hang off the control plane; with several, spread them so no one box gets every wire.
  workers.forEach((worker, i) => {
    const cp = cps[i % Math.max(1, cps.length)];
    if (cp) {
      wires.push({
        id: `join-${worker.id}`,
        source: cp.id,
        target: worker.id,
        sourceHandle: 'bottom',
        targetHandle: 'top',
        kind: 'joined',
      });
    }
  });

  const at = new Map(placed.map((p) => [p.id, p]));
  for (const link of links) {
    const a = at.get(link.from);
    const b = at.get(link.to);
    if (!a || !b) continue;
    const sameRow = a.y === b.y;
    const leftToRight = a.x <= b.x;
    wires.push({
      id: `check-${link.from}-${link.to}`,
      source: link.from,
      target: link.to,
      sourceHandle: sameRow ? (leftToRight ? 'right' : 'left') : a.y < b.y ? 'bottom' : 'top',
      targetHandle: sameRow
        ? leftToRight
          ? 'left-in'
          : 'right-in'
        : a.y < b.y
          ? 'top'
          : 'bottom-in',
      kind: 'check',
      link,
    });
  }
  return { placed, wires };
}
