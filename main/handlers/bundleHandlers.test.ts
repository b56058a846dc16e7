import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guidePlan } from '../../common/plan/presets';
import { dispatch } from '../api/dispatch';
import { EventBus } from '../api/eventBus';
import { FileProjectStore } from '../store/projectStore';
import { createBundleHandlers } from './bundleHandlers';
import type { Handlers } from '../api/handlers';

/** These requests never reach a machine (bundle.push has its own tests). */
const NO_NODES = {
  remote: (): never => {
    throw new Error('no machine in this test');
  },
};

function handlers(): Handlers {
  const store = new FileProjectStore();
  store.set({ ...store.get(), plan: guidePlan() });
  return createBundleHandlers(store, NO_NODES, new EventBus()) as Handlers;
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

describe('bundle.build through dispatch', () => {
  it('refuses a relative or non-.tar out, naming the field', async () => {
    for (const out of ['bundle.tar', '/tmp/bundle.zip']) {
      const answer = await dispatch(
        handlers(),
        'bundle.build',
        { out, machines: [machine] },
        { face: 'web' },
      );
      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.error.message).toMatch(
        /^bundle.build: out: (an absolute path|a file name ending in .tar)$/,
      );
    }
  });

  it('refuses to overwrite an existing file, naming out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-h-'));
    try {
      const out = join(dir, 'taken.tar');
      await writeFile(out, 'keep me');
      const answer = await dispatch(
        handlers(),
        'bundle.build',
        { out, machines: [machine] },
        { face: 'cli' },
      );
      expect(answer).toMatchObject({ ok: false, error: { code: 'bundle_exists', field: 'out' } });
      expect(await readFile(out, 'utf8')).toBe('keep me');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets a page write or read a bundle only in the project’s bundles folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-h-'));
    try {
      const store = new FileProjectStore();
      store.set({ ...store.get(), plan: guidePlan() });
      const h = createBundleHandlers(store, NO_NODES, new EventBus()) as Handlers;
      const elsewhere = join(dir, 'elsewhere.tar');
      // Unsaved project: no bundles folder to write into.
      for (const face of ['web', 'desktop'] as const) {
        const unsaved = await dispatch(
          h,
          'bundle.build',
          { out: elsewhere, machines: [machine] },
          { face },
        );
        expect(unsaved).toMatchObject({
          ok: false,
          error: { code: 'project_not_saved', field: 'out' },
        });
      }
      await store.save(join(dir, 'lab.kubelab.yaml'));
      const outside = await dispatch(
        h,
        'bundle.build',
        { out: elsewhere, machines: [machine] },
        { face: 'web' },
      );
      expect(outside).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload', field: 'out' },
      });
      expect(outside.ok ? '' : outside.error.message).toContain(
        `${join(dir, 'lab.kubelab.yaml')}.bundles`,
      );
      const read = await dispatch(h, 'bundle.inspect', { path: '/etc/passwd' }, { face: 'web' });
      expect(read).toMatchObject({ ok: false, error: { code: 'invalid_payload', field: 'path' } });
      // Nothing was created where the page pointed.
      await expect(readFile(elsewhere)).rejects.toThrow();
      await expect(readFile(`${elsewhere}.staging`)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers cancel with false when nothing is building', async () => {
    const answer = await dispatch(handlers(), 'bundle.cancel', {}, { face: 'cli' });
    expect(answer).toEqual({ ok: true, value: { cancelled: false } });
  });
});

describe('bundle.list through dispatch', () => {
  it('has no folder for an unsaved project', async () => {
    const answer = await dispatch(handlers(), 'bundle.list', {}, { face: 'web' });
    expect(answer).toEqual({ ok: true, value: { bundles: [], staged: [] } });
  });

  it('names the bundles folder, its .tar files and the interrupted builds it keeps', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-l-'));
    try {
      const store = new FileProjectStore();
      store.set({ ...store.get(), plan: guidePlan() });
      const h = createBundleHandlers(store, NO_NODES, new EventBus()) as Handlers;
      const project = join(dir, 'lab.kubelab.yaml');
      await store.save(project);
      const folder = `${project}.bundles`;
      // Saved but nothing built yet: the folder is named, and empty.
      expect(await dispatch(h, 'bundle.list', {}, { face: 'web' })).toEqual({
        ok: true,
        value: { folder, bundles: [], staged: [] },
      });
      await mkdir(join(folder, 'half.tar.staging'), { recursive: true });
      await writeFile(join(folder, 'lab.tar'), 'x'.repeat(10));
      await writeFile(join(folder, 'notes.txt'), 'not a bundle');
      const answer = await dispatch(h, 'bundle.list', {}, { face: 'web' });
      expect(answer.ok).toBe(true);
      if (!answer.ok) return;
      expect(answer.value).toMatchObject({
        folder,
        bundles: [{ name: 'lab.tar', path: join(folder, 'lab.tar'), bytes: 10 }],
        staged: ['half.tar'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
