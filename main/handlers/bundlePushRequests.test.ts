import { describe, expect, it } from 'vitest';
import { guidePlan } from '../../common/plan/presets';
import { dispatch } from '../api/dispatch';
import { EventBus } from '../api/eventBus';
import type { Handlers } from '../api/handlers';
import { FileProjectStore } from '../store/projectStore';
import { FakeRemote } from '../../tests/fakes/fakeRemote';
import { createBundleHandlers } from './bundleHandlers';

const machine = {
  nodeId: 'master1',
  role: 'control-plane',
  osId: 'ubuntu',
  osIdLike: ['debian'],
  osVersion: '20.04',
  arch: 'x86_64',
};

function handlers(): { h: Handlers; remotes: FakeRemote[] } {
  const store = new FileProjectStore();
  store.set({ ...store.get(), plan: guidePlan() });
  const remotes: FakeRemote[] = [];
  const h = createBundleHandlers(
    store,
    {
      remote: (id) => {
        const r = new FakeRemote(id);
        remotes.push(r);
        return r;
      },
    },
    new EventBus(),
  ) as Handlers;
  return { h, remotes };
}

describe('bundle.push through dispatch', () => {
  it('refuses a page naming a bundle outside the project’s bundles folder, nothing sent', async () => {
    const { h, remotes } = handlers();
    const answer = await dispatch(
      h,
      'bundle.push',
      { path: '/etc/passwd', machines: [machine] },
      { face: 'web' },
    );
    expect(answer).toMatchObject({ ok: false, error: { field: 'path' } });
    expect(remotes).toEqual([]);
  });

  it('refuses a cap that is not a positive whole number of bytes per second, naming it', async () => {
    const { h } = handlers();
    const answer = await dispatch(
      h,
      'bundle.push',
      { path: '/tmp/b.tar', machines: [machine], bandwidthLimit: 0 },
      { face: 'cli' },
    );
    expect(answer).toMatchObject({ ok: false, error: { field: 'bandwidthLimit' } });
  });

  it('says when the file is not there, nothing sent', async () => {
    const { h, remotes } = handlers();
    const answer = await dispatch(
      h,
      'bundle.push',
      { path: '/nonexistent/b.tar', machines: [machine] },
      { face: 'cli' },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_found', field: 'path' } });
    expect(remotes).toEqual([]);
  });
});
