import { describe, expect, it } from 'vitest';
import { cellKey } from '../../components/checklist/types';
import {
  cellFromTask,
  cellStatus,
  machineState,
  machinesFor,
  orderedSteps,
  stepCount,
} from './runView';

describe('runView', () => {
  it('maps engine statuses onto checklist cells', () => {
    expect(cellStatus('done')).toBe('ok');
    expect(cellStatus('already-done')).toBe('ok');
    expect(cellStatus('skipped', 'user')).toBe('skipped');
    expect(cellStatus('skipped', 'kubeadm-init')).toBe('blocked');
    expect(cellStatus('cancelled')).toBe('cancelled');
    const cell = cellFromTask({
      stepId: 'prepare-os',
      nodeId: 'n1',
      status: 'done',
      attempts: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:12.500Z',
    });
    expect(cell).toEqual({ status: 'ok', durationMs: 12_500, startedAt: undefined });
  });

  it('orders steps as the catalog does and titles them in the UI language', () => {
    const steps = orderedSteps(['join-node', 'prepare-os', 'kubeadm-init'], 'zh-CN');
    expect(steps.map((s) => s.id)).toEqual(['prepare-os', 'kubeadm-init', 'join-node']);
    expect(steps[0]?.label).toBe('准备操作系统');
  });

  it('colours a machine by its worst cell and infers the control plane from kubeadm-init', () => {
    expect(machineState(['ok', 'failed', 'running'])).toBe('failed');
    expect(machineState(['ok', 'running'])).toBe('installing');
    expect(machineState(['ok', 'ok', 'not-applicable'])).toBe('ready');
    expect(machineState(['pending'])).toBe('reachable');
    // A stopped run installs nothing: its half-done machines say so, not "Installing".
    expect(machineState(['ok', 'cancelled', 'pending'], false)).toBe('stopped');
    expect(machineState(['ok', 'pending'], false)).toBe('stopped');
    expect(machineState(['ok', 'running'], false)).toBe('stopped');
    expect(machineState(['ok', 'ok'], false)).toBe('ready');
    expect(machineState(['pending'], false)).toBe('reachable');
    const cells = {
      [cellKey('kubeadm-init', 'a')]: { status: 'ok' as const },
      [cellKey('join-node', 'b')]: { status: 'running' as const },
    };
    const machines = machinesFor(['a', 'b'], cells, ['kubeadm-init', 'join-node'], []);
    expect(machines.map((m) => [m.id, m.role, m.state])).toEqual([
      ['a', 'control-plane', 'ready'],
      ['b', 'worker', 'installing'],
    ]);
  });
});

describe('the header’s step count', () => {
  it('counts finished cells of those that apply', () => {
    expect(
      stepCount({
        a: { status: 'ok' },
        b: { status: 'skipped' },
        c: { status: 'running', startedAt: 1 },
        d: { status: 'not-applicable' },
        e: { status: 'failed' },
      }),
    ).toEqual([2, 4]);
    expect(stepCount({})).toEqual([0, 0]);
  });
});
