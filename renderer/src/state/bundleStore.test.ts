import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../common/model/appError';

/** The bridge the store calls, replaced: each test says how build and cancel answer. */
const bridge = vi.hoisted(() => ({
  build: vi.fn<(payload: unknown) => Promise<unknown>>(),
  cancel: vi.fn<() => Promise<{ cancelled: boolean }>>(),
  list: vi.fn(async () => ({ folder: '/p/lab.yaml.bundles', bundles: [], staged: [] })),
}));
vi.mock('../bridge/kubelab', () => ({
  kubelab: { bundle: { build: bridge.build, cancel: bridge.cancel, list: bridge.list } },
}));

const { useBundleStore } = await import('./bundleStore');
const OUT = '/p/lab.yaml.bundles/b.tar';

beforeEach(() => {
  useBundleStore.setState({ status: 'idle', buildError: undefined, result: undefined });
  bridge.build.mockReset();
  bridge.cancel.mockReset();
});

describe('bundleStore build', () => {
  it('starts a build with empty progress, then folds the events it receives', async () => {
    let finish: (v: unknown) => void = () => undefined;
    bridge.build.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    const running = useBundleStore.getState().build(OUT);
    expect(useBundleStore.getState()).toMatchObject({ status: 'building', out: OUT });
    expect(useBundleStore.getState().progress.order).toEqual([]);
    useBundleStore.getState().received({
      kind: 'artifact',
      id: 'file/cni',
      state: 'downloading',
      index: 1,
      of: 1,
    });
    expect(useBundleStore.getState().progress.order).toEqual(['file/cni']);
    finish({ manifest: {}, skipped: [], fileBytes: 10 });
    await running;
    expect(useBundleStore.getState().status).toBe('written');
  });

  it('folds a burst of byte counts at most every 100 ms, and a done at once', async () => {
    vi.useFakeTimers();
    try {
      const { received } = useBundleStore.getState();
      received({ kind: 'artifact', id: 'f', state: 'downloading', index: 1, of: 1 });
      for (let bytes = 1; bytes <= 500; bytes += 1)
        received({ kind: 'progress', id: 'f', url: 'u', bytes, total: 1000, speed: 10 });
      expect(useBundleStore.getState().progress.byId.f?.bytes).toBe(0);
      await vi.advanceTimersByTimeAsync(100);
      expect(useBundleStore.getState().progress.byId.f?.bytes).toBe(500);
      received({ kind: 'progress', id: 'f', url: 'u', bytes: 900, speed: 10 });
      received({
        kind: 'done',
        id: 'f',
        bytes: 1000,
        source: { profile: 'plan', location: 'u' },
        failures: [],
      });
      expect(useBundleStore.getState().progress.byId.f).toMatchObject({
        phase: 'done',
        bytes: 1000,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('calls a cancelled build cancelled, not failed', async () => {
    let fail: (e: unknown) => void = () => undefined;
    bridge.build.mockReturnValue(new Promise((_r, reject) => (fail = reject)));
    bridge.cancel.mockResolvedValue({ cancelled: true });
    const running = useBundleStore.getState().build(OUT);
    await useBundleStore.getState().cancel();
    expect(useBundleStore.getState().status).toBe('cancelling');
    // An error without its code (a plain Error): the status asked for still says cancelled.
    fail(
      new Error('bundle build interrupted; downloads kept in /p/lab.yaml.bundles/b.tar.staging'),
    );
    await running;
    expect(useBundleStore.getState()).toMatchObject({ status: 'cancelled', buildError: undefined });
  });

  it('keeps the field a failed build names', async () => {
    bridge.build.mockRejectedValue(
      new AppError({ code: 'bundle_exists', field: 'out', message: `${OUT} exists` }),
    );
    await useBundleStore.getState().build(OUT);
    expect(useBundleStore.getState()).toMatchObject({
      status: 'failed',
      buildError: { field: 'out', code: 'bundle_exists', message: `${OUT} exists` },
    });
  });

  it('sends the registries typed as plain HTTP, and none when none is typed', async () => {
    bridge.build.mockResolvedValue({ manifest: {}, skipped: [], fileBytes: 10 });
    await useBundleStore.getState().build(OUT, ['172.31.219.250:5000']);
    expect(bridge.build).toHaveBeenLastCalledWith({
      out: OUT,
      machines: [],
      plainHttp: ['172.31.219.250:5000'],
    });
    await useBundleStore.getState().build(OUT, []);
    expect(bridge.build).toHaveBeenLastCalledWith({ out: OUT, machines: [] });
  });

  it('does not cancel when nothing is building', async () => {
    await useBundleStore.getState().cancel();
    expect(bridge.cancel).not.toHaveBeenCalled();
    expect(useBundleStore.getState().status).toBe('idle');
  });
});
