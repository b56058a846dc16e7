import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageArtifact } from '../../common/bundle/schema';
import { stageImage } from './stageImage';
import { fakeImage, startFakeRegistry, type FakeRegistry } from './testing/fakeRegistry';

let dir: string;
let first: FakeRegistry;
let second: FakeRegistry;
const pause = fakeImage('google_containers/pause', '3.9', 5000);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-stage-'));
  first = await startFakeRegistry([pause]);
  second = await startFakeRegistry([pause]);
});
afterEach(async () => {
  await Promise.all([first.close(), second.close()]);
  await rm(dir, { recursive: true, force: true });
});

function artifact(): ImageArtifact {
  return {
    kind: 'image',
    id: 'image/registry.k8s.io/pause:3.9',
    image: 'registry.k8s.io/pause:3.9',
    sources: [
      { profile: 'plan', location: `${first.host}/google_containers/pause:3.9` },
      { profile: 'china', location: `${second.host}/google_containers/pause:3.9` },
    ],
    forVersions: ['1.29.6'],
    why: { en: 'test', zh: '测试' },
  };
}

describe('stageImage', () => {
  it('names the mirror whose blob is not its digest and takes the fallback', async () => {
    const layer = first.layerOf('google_containers/pause', '3.9', 'amd64');
    first.corrupt.add(layer);
    const got = await stageImage(artifact(), {
      arch: 'amd64',
      dest: join(dir, 'pause.oci.tar'),
      blobs: join(dir, 'blobs'),
      mtime: new Date(0),
    });
    expect(got.source.profile).toBe('china');
    expect(got.failures).toHaveLength(1);
    expect(got.failures[0]?.source.location).toContain(first.host);
    expect(got.failures[0]?.error).toContain(`expected ${layer}`);
  });

  it('names the artifact and every mirror when none serves it whole', async () => {
    first.corrupt.add(first.layerOf('google_containers/pause', '3.9', 'amd64'));
    second.corrupt.add(second.layerOf('google_containers/pause', '3.9', 'amd64'));
    const err = await stageImage(artifact(), {
      arch: 'amd64',
      dest: join(dir, 'pause.oci.tar'),
      blobs: join(dir, 'blobs'),
      mtime: new Date(0),
    }).catch((e: unknown) => String(e));
    expect(err).toContain('image/registry.k8s.io/pause:3.9 (amd64): no source worked');
    expect(err).toContain(`plan ${first.host}`);
    expect(err).toContain(`china ${second.host}`);
  });
});
