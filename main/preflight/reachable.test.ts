// A preflight that could not log in to a node must not say "nothing blocks": the install gate
// (UI dialog, `kubelab apply`) trusted that and started a run against machines it never checked.
import { describe, expect, it } from 'vitest';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import type { Remote } from '../engine/remote';
import { runPreflight } from './preflightService';

describe('preflight of a node it cannot reach', () => {
  it('blocks, naming the node and the SSH error', async () => {
    const nodes = guideNodes();
    const run = await runPreflight(
      nodes,
      guidePlan(),
      {
        facts: (id) => Promise.reject(new Error(`Timed out connecting to ${id}.`)),
        remote: (id) => ({ nodeId: id }) as unknown as Remote,
      },
      { matrix: false },
    );
    expect(run.report.ok).toBe(false);
    const blocked = run.report.results.filter((r) => r.checkId === 'node-reachable');
    expect(blocked.map((r) => r.nodeIds[0])).toEqual(nodes.map((n) => n.id));
    expect(blocked.every((r) => r.status === 'fail' && r.severity === 'block')).toBe(true);
    expect(blocked[0]?.message.en).toContain(`Timed out connecting to ${nodes[0]?.id}.`);
    expect(run.unreachable).toHaveLength(nodes.length);
  });
});
