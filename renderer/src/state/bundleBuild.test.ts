import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../common/bundle/buildEvents';
import { buildTotals, EMPTY_PROGRESS, reduceBuildEvent, type BuildProgress } from './bundleBuild';

const KUBEADM = 'deb/amd64/kubeadm@1.18.2';
const PAUSE = 'image/amd64/k8s.gcr.io/pause:3.2';
const FLANNEL = 'file/kube-flannel.yml';

function fold(events: BuildEvent[], from: BuildProgress = EMPTY_PROGRESS): BuildProgress {
  return events.reduce(reduceBuildEvent, from);
}

const resolved: BuildEvent = {
  kind: 'resolved',
  artifacts: 3,
  knownBytes: 10_000,
  unsized: 1,
  skipped: [{ id: 'rpm/x86_64/cri-tools', reason: 'no repository' }],
};

describe('reduceBuildEvent', () => {
  it('takes the sizes known before download from resolved', () => {
    const s = fold([resolved]);
    expect(s).toMatchObject({ artifacts: 3, knownBytes: 10_000, unsized: 1, order: [] });
    expect(s.skipped).toEqual([{ id: 'rpm/x86_64/cri-tools', reason: 'no repository' }]);
  });

  it('follows one artifact from start through bytes to done, with the mirrors that failed', () => {
    const s = fold([
      resolved,
      { kind: 'artifact', id: KUBEADM, state: 'downloading', index: 1, of: 3 },
      {
        kind: 'progress',
        id: KUBEADM,
        url: 'https://a/kubeadm.deb',
        bytes: 2000,
        total: 8000,
        speed: 1000,
        etaSeconds: 6,
      },
    ]);
    expect(s.order).toEqual([KUBEADM]);
    expect(s.byId[KUBEADM]).toMatchObject({
      phase: 'downloading',
      bytes: 2000,
      total: 8000,
      speed: 1000,
      etaSeconds: 6,
      from: 'https://a/kubeadm.deb',
    });
    const done = reduceBuildEvent(s, {
      kind: 'done',
      id: KUBEADM,
      bytes: 8000,
      source: { profile: 'aliyun', location: 'https://b/kubeadm.deb' },
      failures: [
        {
          source: { profile: 'plan', location: 'https://a/kubeadm.deb' },
          error: 'sha256 3f…, index says 9a…',
        },
      ],
    });
    expect(done.byId[KUBEADM]).toEqual({
      id: KUBEADM,
      phase: 'done',
      bytes: 8000,
      total: 8000,
      speed: 0,
      from: 'https://b/kubeadm.deb',
      failures: [
        { profile: 'plan', location: 'https://a/kubeadm.deb', error: 'sha256 3f…, index says 9a…' },
      ],
    });
    // The state folded before is not changed (the store hands out snapshots).
    expect(s.byId[KUBEADM]?.phase).toBe('downloading');
  });

  it('drops an ETA the next progress event no longer gives', () => {
    const s = fold([
      resolved,
      { kind: 'progress', id: FLANNEL, url: 'u', bytes: 10, speed: 5, etaSeconds: 3 },
      { kind: 'progress', id: FLANNEL, url: 'u', bytes: 20, speed: 5 },
    ]);
    expect(s.byId[FLANNEL]?.etaSeconds).toBeUndefined();
    expect(s.byId[FLANNEL]?.bytes).toBe(20);
  });

  it('keeps a reused artifact marked reused', () => {
    const s = fold([resolved, { kind: 'artifact', id: PAUSE, state: 'reused', index: 2, of: 3 }]);
    expect(s.byId[PAUSE]?.phase).toBe('reused');
  });

  it('starts over on a new resolved (a resumed build)', () => {
    const s = fold([
      resolved,
      { kind: 'artifact', id: KUBEADM, state: 'downloading', index: 1, of: 3 },
      resolved,
    ]);
    expect(s.order).toEqual([]);
    expect(s.byId).toEqual({});
  });

  it('records the written file', () => {
    const s = fold([
      resolved,
      {
        kind: 'written',
        path: '/p/lab.yaml.bundles/b.tar',
        fileBytes: 12_800,
        contentBytes: 12_000,
      },
    ]);
    expect(s.written).toEqual({
      path: '/p/lab.yaml.bundles/b.tar',
      fileBytes: 12_800,
      contentBytes: 12_000,
    });
  });
});

describe('buildTotals', () => {
  it('adds finished sizes and running bytes, and the speed of what runs now', () => {
    const s = fold([
      resolved,
      { kind: 'artifact', id: PAUSE, state: 'reused', index: 1, of: 3 },
      { kind: 'artifact', id: KUBEADM, state: 'downloading', index: 2, of: 3 },
      {
        kind: 'done',
        id: KUBEADM,
        bytes: 4000,
        source: { profile: 'plan', location: 'x' },
        failures: [],
      },
      { kind: 'artifact', id: FLANNEL, state: 'downloading', index: 3, of: 3 },
      { kind: 'progress', id: FLANNEL, url: 'u', bytes: 1000, speed: 500 },
    ]);
    expect(buildTotals(s)).toEqual({
      finished: 2,
      of: 3,
      bytes: 5000,
      expectedBytes: 10_000,
      speed: 500,
      etaSeconds: 10,
    });
  });

  it('grows the expected size past the known one when unsized artifacts arrive', () => {
    const s = fold([
      { ...resolved, knownBytes: 100 },
      { kind: 'progress', id: FLANNEL, url: 'u', bytes: 300, speed: 100 },
    ]);
    expect(buildTotals(s)).toMatchObject({ bytes: 300, expectedBytes: 300, etaSeconds: 0 });
  });

  it('gives no ETA when nothing is moving or the bundle is written', () => {
    expect(buildTotals(fold([resolved])).etaSeconds).toBeUndefined();
    const written = fold([
      resolved,
      { kind: 'progress', id: FLANNEL, url: 'u', bytes: 300, speed: 100 },
      { kind: 'written', path: '/b.tar', fileBytes: 1, contentBytes: 1 },
    ]);
    expect(buildTotals(written).etaSeconds).toBeUndefined();
  });
});
