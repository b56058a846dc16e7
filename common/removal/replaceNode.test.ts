import { describe, expect, it } from 'vitest';
import { AppError } from '../model/appError';
import type { NodeSpec } from '../model/node';
import {
  CONTROL_PLANE_REPLACE_REFUSED,
  labelsToCarry,
  planReplacement,
  replaceConsequence,
  ReplaceNodeParamsSchema,
} from './replaceNode';

const node = (id: string, role: NodeSpec['role'], address: string): NodeSpec => ({
  id,
  name: id,
  address,
  port: 2222,
  user: 'admin',
  auth: 'key',
  keyPath: '/home/admin/.ssh/id_ed25519',
  role,
  labels: { tier: 'gpu' },
  hostKey: { algorithm: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` },
});
const cp = node('master1', 'control-plane', '10.0.0.1');
const w1 = node('node1', 'worker', '10.0.0.2');
const w2 = node('node2', 'worker', '10.0.0.3');
const nodes = [cp, w1, w2];

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
  it('keeps the slot (id, name, role, labels, login) at the new address, host key to be pinned', () => {
    const r = planReplacement(nodes, { nodeId: 'node1', with: '10.0.0.9' });
    expect(r.removal.target).toBe(w1);
    expect(r.removal.controller).toBe(cp);
    expect(r.successor).toEqual({
      id: 'node1',
      name: 'node1',
      address: '10.0.0.9',
      port: 2222,
      user: 'admin',
      auth: 'key',
      keyPath: '/home/admin/.ssh/id_ed25519',
      role: 'worker',
      labels: { tier: 'gpu' },
    });
  });

  it('refuses a control plane, pointing to the HA join', () => {
    const e = thrown(() => planReplacement(nodes, { nodeId: 'master1', with: '10.0.0.9' }));
    expect(e.field).toBe('params.nodeId');
    expect(e.message).toBe(CONTROL_PLANE_REPLACE_REFUSED.en);
    expect(CONTROL_PLANE_REPLACE_REFUSED.zh).toContain('高可用');
  });

  it('refuses an unknown node and an address the project already has, naming the field', () => {
    expect(thrown(() => planReplacement(nodes, { nodeId: 'ghost', with: '10.0.0.9' })).field).toBe(
      'params.nodeId',
    );
    const other = thrown(() => planReplacement(nodes, { nodeId: 'node1', with: '10.0.0.3' }));
    expect(other.field).toBe('params.with');
    expect(other.message).toContain('node2');
    const self = thrown(() => planReplacement(nodes, { nodeId: 'node1', with: '10.0.0.2' }));
    expect(self.message).toContain('another machine');
  });
});

describe('ReplaceNodeParamsSchema', () => {
  it('takes a host name or an IP; refuses shell text and unknown keys', () => {
    expect(ReplaceNodeParamsSchema.safeParse({ nodeId: 'node1', with: 'worker-9.lab' }).success).toBe(true); // prettier-ignore
    expect(ReplaceNodeParamsSchema.safeParse({ nodeId: 'node1', with: 'fd00::9' }).success).toBe(true); // prettier-ignore
    const bad = ReplaceNodeParamsSchema.safeParse({ nodeId: 'node1', with: '10.0.0.9; rm -rf /' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['with']);
    expect(ReplaceNodeParamsSchema.safeParse({ nodeId: 'node1', with: 'x', force: true }).success).toBe(false); // prettier-ignore
  });
});

describe('replaceConsequence', () => {
  it('names the old machine, what is destroyed, and the new one, in both languages', () => {
    const c = replaceConsequence(w1, '10.0.0.9');
    for (const text of [c.en, c.zh]) {
      expect(text).toContain('node1');
      expect(text).toContain('10.0.0.2');
      expect(text).toContain('10.0.0.9');
      expect(text).toContain('kubeadm reset');
    }
    expect(c.en).toContain('Node object is deleted');
  });
});

describe('labelsToCarry', () => {
  it('carries the admin’s labels and a worker role, not what kubelet or kubeadm set', () => {
    expect(
      labelsToCarry({
        'kubernetes.io/hostname': 'node1',
        'kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/control-plane': '',
        'topology.kubernetes.io/zone': 'a',
        'node-role.kubernetes.io/worker': '',
        tier: 'gpu',
      }),
    ).toEqual(['node-role.kubernetes.io/worker=', 'tier=gpu']);
  });
});
