import { describe, expect, it } from 'vitest';
import { ENDPOINT_ID, NETWORK_ID, layoutTopology } from './layout';
import type { TopologyMachine } from './types';

const machine = (id: string, role: TopologyMachine['role']): TopologyMachine => ({
  id,
  name: id,
  role,
  address: '10.0.0.1',
  state: 'unknown',
});
const network = {
  endpoint: '10.0.0.11:6443',
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/12',
};

describe('layoutTopology', () => {
  it('puts the endpoint above the control plane and the workers below it', () => {
    const { placed } = layoutTopology(
      [machine('w1', 'worker'), machine('cp', 'control-plane'), machine('w2', 'worker')],
      network,
    );
    const y = (id: string): number => placed.find((p) => p.id === id)?.y ?? NaN;
    expect(y(ENDPOINT_ID)).toBeLessThan(y('cp'));
    expect(y('cp')).toBeLessThan(y('w1'));
    expect(y('w1')).toBe(y('w2'));
    // The network box sits behind everything and encloses every machine.
    expect(placed[0]?.id).toBe(NETWORK_ID);
    const net = placed[0];
    for (const p of placed.filter((p) => p.kind === 'machine')) {
      expect(p.x).toBeGreaterThanOrEqual(net?.x ?? Infinity);
      expect(p.y + p.height).toBeLessThanOrEqual((net?.y ?? 0) + (net?.height ?? 0));
    }
  });

  it('centres rows and wraps many workers', () => {
    const workers = Array.from({ length: 14 }, (_, i) => machine(`w${i}`, 'worker'));
    const { placed } = layoutTopology([machine('cp', 'control-plane'), ...workers], undefined);
    const rows = new Set(placed.filter((p) => p.kind === 'machine').map((p) => p.y));
    expect(rows.size).toBe(1 + 3);
    const cp = placed.find((p) => p.id === 'cp');
    expect((cp?.x ?? 0) + (cp?.width ?? 0) / 2).toBeCloseTo(0);
  });

  it('wires the endpoint to control planes, workers to one control plane, and checks between pairs', () => {
    const { wires } = layoutTopology(
      [
        machine('cp1', 'control-plane'),
        machine('cp2', 'control-plane'),
        machine('w1', 'worker'),
        machine('w2', 'worker'),
      ],
      network,
      [
        { from: 'w1', to: 'w2', status: 'failed', label: 'timeout' },
        { from: 'w1', to: 'gone', status: 'ok' },
      ],
    );
    expect(wires.filter((w) => w.kind === 'api').map((w) => w.target)).toEqual(['cp1', 'cp2']);
    expect(wires.filter((w) => w.kind === 'joined').map((w) => [w.source, w.target])).toEqual([
      ['cp1', 'w1'],
      ['cp2', 'w2'],
    ]);
    const checks = wires.filter((w) => w.kind === 'check');
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ sourceHandle: 'right', targetHandle: 'left-in' });
  });
});
