import type { PreflightRun } from '../../../../common/contracts/preflight';
import type { NetworkMatrix, Verification } from '../../../../common/model/verification';
import type { TopologyLink } from '../../components/topology/types';
import { supersededBy, type RunEnd } from '../../state/superseded';

/**
 * The pairwise results of preflight (ports, MTU) and verification (pod ping) as topology edges:
 * one edge per pair of machines, failed if any probe between them failed in either direction,
 * labelled with what failed or, for a ping, the round trip.
 */
export function matricesToLinks(matrices: readonly NetworkMatrix[]): TopologyLink[] {
  const pairs = new Map<string, { link: TopologyLink; failed: string[]; rtt?: number }>();
  for (const matrix of matrices) {
    for (const cell of matrix.cells) {
      if (cell.from === cell.to) continue;
      const [a, b] = [cell.from, cell.to].sort() as [string, string];
      const key = `${a}|${b}`;
      const entry = pairs.get(key) ?? { link: { from: a, to: b, status: 'ok' }, failed: [] };
      if (!cell.ok) entry.failed.push(matrix.probe);
      if (cell.ok && cell.rttMs !== undefined) entry.rtt = Math.max(entry.rtt ?? 0, cell.rttMs);
      pairs.set(key, entry);
    }
  }
  return [...pairs.values()].map(({ link, failed, rtt }) => {
    if (failed.length > 0) {
      return { ...link, status: 'failed', label: [...new Set(failed)].join(', ') };
    }
    return rtt !== undefined ? { ...link, label: `${rtt.toFixed(1)} ms` } : link;
  });
}

/** What the edges are drawn from: a result's time and its pairwise matrices. */
type Pairwise = Pick<PreflightRun | Verification, 'checkedAt' | 'matrices'>;

interface ShownChecks {
  run?: Pairwise;
  verification?: Pairwise;
  showing?: 'preflight' | 'verification';
}

/**
 * The topology's edges: the pairwise results of the check on screen, none when a later
 * successful run overtook it (its red links would blame a network that has changed since).
 */
export function checkLinks(checks: ShownChecks, run: RunEnd): TopologyLink[] {
  const shown = checks.showing === 'verification' ? checks.verification : checks.run;
  if (!shown || supersededBy(shown.checkedAt, run)) return [];
  return matricesToLinks(shown.matrices);
}
