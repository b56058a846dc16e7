import { describe, expect, it } from 'vitest';
import { AppError } from '../model/appError';
import type { NodeSpec } from '../model/node';
import { planReplacement, replaceConsequence, ReplaceNodeParamsSchema } from './replaceNode';

const node = (id: string, role: NodeSpec['role'], address: string): NodeSpec => ({
  id,
  name: id,
  address,
  port: 22,
  user: 'root',
  auth: 'key',
  keyPath: '/root/.ssh/id_ed25519',
  role,
  labels: {},
});
const cp1 = node('master1', 'control-plane', '10.0.0.1');
const cp2 = node('master2', 'control-plane', '10.0.0.4');
const cp3 = node('master3', 'control-plane', '10.0.0.5');
const w1 = node('node1', 'worker', '10.0.0.2');
const w2 = node('node2', 'worker', '10.0.0.3');
const w3 = node('node3', 'worker', '10.0.0.6');
const nodes = [cp1, w1, w2, w3];
const installed = ['master1', 'node1', 'node2'];

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('planReplacement', () => {
  it('a worker by a spare worker: the removal from the first control plane, the spare', () => {
    const r = planReplacement(nodes, { oldNodeId: 'node2', newNodeId: 'node3' }, installed);
    expect(r.removal.target.id).toBe('node2');
    expect(r.removal.controller?.id).toBe('master1');
    expect(r.spare.id).toBe('node3');
  });

  it('names the field of each bad input', () => {
    const cases: [Parameters<typeof planReplacement>[1], string, RegExp][] = [
      [{ oldNodeId: 'nodeX', newNodeId: 'node3' }, 'params.oldNodeId', /no machine "nodeX"/],
      [{ oldNodeId: 'node2', newNodeId: 'nodeY' }, 'params.newNodeId', /no machine "nodeY"/],
      [{ oldNodeId: 'node2', newNodeId: 'node2' }, 'params.newNodeId', /named twice/],
      [{ oldNodeId: 'node2', newNodeId: 'master1' }, 'params.newNodeId', /same role/],
      [{ oldNodeId: 'node2', newNodeId: 'node1' }, 'params.newNodeId', /already in the cluster/],
      [
        { oldNodeId: 'node3', newNodeId: 'node2' },
        'params.oldNodeId',
        /node3 is not in the cluster/,
      ],
    ];
    for (const [p, field, message] of cases) {
      const err = thrown(() => planReplacement(nodes, p, installed));
      expect(err.field, JSON.stringify(p)).toBe(field);
      expect(err.message).toMatch(message);
    }
  });

  it('without the cluster record, only the project is judged (a resumed run has the spare in it)', () => {
    expect(planReplacement(nodes, { oldNodeId: 'node2', newNodeId: 'node1' }).spare.id).toBe(
      'node1',
    );
  });

  it('a control plane by a spare one, neither of them the first (kubeadm init ran there)', () => {
    const ha = [cp1, cp2, cp3, w1];
    const r = planReplacement(ha, { oldNodeId: 'master2', newNodeId: 'master3' });
    expect(r.removal.controller?.id).toBe('master1');
    expect(r.spare.id).toBe('master3');
    const old = thrown(() => planReplacement(ha, { oldNodeId: 'master1', newNodeId: 'master3' }));
    expect(old.field).toBe('params.oldNodeId');
    expect(old.message).toMatch(/master1 is the plan's first control plane/);
    const spare = thrown(() =>
      planReplacement([cp3, cp1, cp2], { oldNodeId: 'master2', newNodeId: 'master3' }),
    );
    expect(spare.field).toBe('params.newNodeId');
    expect(spare.message).toMatch(/master3 is the plan's first control plane/);
  });

  it('a project without a control plane has nothing to remove from', () => {
    const err = thrown(() => planReplacement([w1, w2], { oldNodeId: 'node1', newNodeId: 'node2' }));
    expect(err.field).toBe('params.oldNodeId');
    expect(err.message).toMatch(/no control plane/);
  });

  it('params are strict: an unknown key is refused', () => {
    expect(
      ReplaceNodeParamsSchema.safeParse({ oldNodeId: 'a', newNodeId: 'b', with: 'c' }).success,
    ).toBe(false);
    expect(ReplaceNodeParamsSchema.safeParse({ oldNodeId: 'a' }).success).toBe(false);
  });
});

describe('replaceConsequence', () => {
  it('says what is destroyed on a reachable machine, in both languages', () => {
    const c = replaceConsequence(w2, w3, false);
    expect(c.en).toContain('its pods are evicted');
    expect(c.en).toContain('kubeadm reset wipes its /etc/kubernetes');
    expect(c.en).toContain('node3 (10.0.0.6) then joins as a worker');
    expect(c.zh).toContain('/etc/kubernetes');
    expect(c.zh).toContain('node3');
  });

  it('an unreachable machine is not touched, its etcd member named for a control plane', () => {
    const c = replaceConsequence(cp2, cp3, true);
    expect(c.en).toContain('without touching the machine');
    expect(c.en).toContain('Node object and etcd member are deleted');
    expect(c.en).not.toContain('kubeadm reset');
    expect(c.zh).toContain('etcd 成员');
  });
});
