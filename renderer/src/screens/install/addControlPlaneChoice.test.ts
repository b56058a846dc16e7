import { describe, expect, it } from 'vitest';
import { runStartOf } from './operationsMenu';

// Issue 19: the Add machines dialog's stale etcd member confirmation reaches run.start as
// `kubelab add-node --remove-stale-etcd-members` sends it, and only when ticked.
describe('add-node of a control plane from the operations menu', () => {
  it('sends the stale-member confirmation when ticked', () => {
    expect(
      runStartOf({ operation: 'add-node', nodeIds: ['master3'], removeStaleEtcdMembers: true }),
    ).toEqual({
      operation: 'add-node',
      params: { nodeIds: ['master3'], removeStaleEtcdMembers: true },
    });
  });

  it('leaves it out when not ticked (the same request as before for workers)', () => {
    expect(
      runStartOf({ operation: 'add-node', nodeIds: ['master3'], removeStaleEtcdMembers: false }),
    ).toEqual({ operation: 'add-node', params: { nodeIds: ['master3'] } });
  });
});
