import { describe, expect, it } from 'vitest';
import { guidePlan } from '../../common/plan/presets';
import { dispatch } from '../api/dispatch';
import { FileProjectStore } from '../store/projectStore';
import { createBundleHandlers } from './bundleHandlers';
import type { Handlers } from '../api/handlers';

function handlers(): Handlers {
  const store = new FileProjectStore();
  store.set({ ...store.get(), plan: guidePlan() });
  return createBundleHandlers(store) as Handlers;
}

const machine = {
  nodeId: 'master1',
  role: 'control-plane',
  osId: 'ubuntu',
  osIdLike: ['debian'],
  osVersion: '20.04',
  arch: 'x86_64',
};

describe('bundle.plan through dispatch', () => {
  it('lists the open project’s needs for the machines given', async () => {
    const answer = await dispatch(
      handlers(),
      'bundle.plan',
      { machines: [machine] },
      { face: 'cli' },
    );
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const value = answer.value as { versions: string[]; artifacts: { id: string }[] };
    expect(value.versions).toEqual(['1.18.2']);
    expect(value.artifacts.map((a) => a.id)).toContain('deb/amd64/kubeadm@1.18.2');
  });

  it('refuses a machine without an architecture, naming the field', async () => {
    const { arch: _arch, ...noArch } = machine;
    const answer = await dispatch(handlers(), 'bundle.plan', { machines: [noArch] } as never, {
      face: 'cli',
    });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.field).toBe('machines.0.arch');
  });
});
