import { describe, expect, it } from 'vitest';
import { fixTargets, PAIRWISE_CHECKS } from '../../common/preflight/fixTargets';
import { MTU_CHECK, NETWORK_CHECK } from './networkResults';

const nodes = [
  { id: 'master1', role: 'control-plane' as const },
  { id: 'node1', role: 'worker' as const },
];

describe('fixTargets (shared by the fix runner and the UI preview)', () => {
  it('knows the pairwise checks networkResults makes', () => {
    expect([...PAIRWISE_CHECKS].sort()).toEqual([NETWORK_CHECK, MTU_CHECK].sort());
  });
  it('runs where the preview says', () => {
    const one = { checkId: 'swap-active', nodeIds: ['node1'] };
    expect(fixTargets(one, { runsOn: 'failed-node' }, 'node1', nodes)).toEqual(['node1']);
    expect(fixTargets(one, { runsOn: 'every-node' }, 'node1', nodes)).toEqual(['master1', 'node1']);
    expect(fixTargets(one, { runsOn: 'control-plane' }, 'node1', nodes)).toEqual(['master1']);
  });
  it('runs a pairwise fix on the target of the pair', () => {
    const pair = { checkId: NETWORK_CHECK, nodeIds: ['node1', 'master1'] };
    expect(fixTargets(pair, { runsOn: 'failed-node' }, 'node1', nodes)).toEqual(['master1']);
  });
  it('names the field when there is no control plane', () => {
    expect(() =>
      fixTargets({ checkId: 'x', nodeIds: ['node1'] }, { runsOn: 'control-plane' }, 'node1', [
        { id: 'node1', role: 'worker' },
      ]),
    ).toThrow(/no control-plane/);
  });
});
