import { describe, expect, it } from 'vitest';
import { skippedNodesOf } from '../../../common/upgrade/skippedNodes';

describe('skippedNodesOf: the nodes a run’s drains left on their version', () => {
  it('names each node of upgrade-drain’s skip notice once, in order', () => {
    const lines = [
      '[kubelab] draining node2 (up to 10s)',
      'error when evicting pod "web-1" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.',
      '[kubelab] notice: upgrade skipped: node2 stays on its version for now, uncordoned (a PodDisruptionBudget refuses to let web-1 go); the next upgrade run drains it again',
      '[kubelab] notice: upgrade skipped: node1 stays on its version for now (a PodDisruptionBudget blocked its drain); the next upgrade run drains it again',
      '[kubelab] notice: upgrade skipped: node2 stays on its version for now (a PodDisruptionBudget blocked its drain); the next upgrade run drains it again',
    ];
    expect(skippedNodesOf(lines)).toEqual(['node2', 'node1']);
  });

  it('finds nothing in a drain that finished or stopped', () => {
    expect(
      skippedNodesOf([
        '[kubelab] blocked: pod web-1: Cannot evict pod',
        'upgrade skipped: node1 (not a kubelab notice)',
        '[kubelab] upgrade-drain done',
      ]),
    ).toEqual([]);
  });
});
