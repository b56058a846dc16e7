import { createHash } from 'node:crypto';
import { open, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryChunks, tarEntries } from '../tarFile';
import { fakeImage, startFakeRegistry, type FakeRegistry } from '../testing/fakeRegistry';
import { writeOciArchive } from './ociArchive';
import { DigestMismatch, pullImage } from './pullImage';

let dir: string;
let registry: FakeRegistry;
const pause = fakeImage('google_containers/pause', '3.9', 200_000);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-pull-'));
  registry = await startFakeRegistry([pause], { token: 'tok-123' });
});
afterEach(async () => {
  await registry.close();
  await rm(dir, { recursive: true, force: true });
});

const hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('pullImage (registry v2 into a blob store)', () => {
  it('answers the Bearer challenge and takes the index entry for the asked arch', async () => {
    const blobs = join(dir, 'blobs');
    const pulled = await pullImage(`${registry.host}/google_containers/pause:3.9`, {
      arch: 'x86_64',
      blobs,
    });
    expect(pulled.layers.map((l) => l.digest)).toEqual([
      registry.layerOf('google_containers/pause', '3.9', 'amd64'),
    ]);
    const layer = pause.layers.amd64 ?? Buffer.alloc(0);
    const stored = await readFile(join(blobs, 'sha256', hex(layer)));
    // Buffer.equals, not toEqual: a deep compare of 200 kB takes seconds.
    expect(stored.equals(layer)).toBe(true);
    // First request refused, then the token fetched, then every request carries it.
    expect(registry.requests[0]?.auth).toBeUndefined();
    expect(registry.requests[1]?.path).toBe('/token');
    const v2 = registry.requests.filter((r) => r.path.startsWith('/v2/')).slice(1);
    expect(v2.every((r) => r.auth === 'Bearer tok-123')).toBe(true);
  });

  it('refuses a layer whose content is not its digest and keeps nothing of it', async () => {
    const layer = registry.layerOf('google_containers/pause', '3.9', 'amd64');
    registry.corrupt.add(layer);
    const blobs = join(dir, 'blobs');
    const err = await pullImage(`${registry.host}/google_containers/pause:3.9`, {
      arch: 'amd64',
      blobs,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DigestMismatch);
    expect((err as DigestMismatch).expected).toBe(layer);
    await expect(stat(join(blobs, 'sha256', layer.slice(7)))).rejects.toThrow();
  });

  it('resumes a cut layer download with a Range request', async () => {
    const layer = registry.layerOf('google_containers/pause', '3.9', 'amd64');
    registry.cutAfter.set(layer, 65_536);
    const blobs = join(dir, 'blobs');
    const image = `${registry.host}/google_containers/pause:3.9`;
    await expect(pullImage(image, { arch: 'amd64', blobs })).rejects.toThrow();
    const pulled = await pullImage(image, { arch: 'amd64', blobs });
    const ranged = registry.requests.filter((r) => r.path.endsWith(layer) && r.range);
    expect(ranged.length).toBe(1);
    expect(Number(/bytes=(\d+)-/.exec(ranged[0]?.range ?? '')?.[1])).toBeGreaterThan(0);
    expect(pulled.layers[0]?.size).toBe(200_000);
  });

  it('says which arch the index lacks', async () => {
    await expect(
      pullImage(`${registry.host}/google_containers/pause:3.9`, {
        arch: 's390x',
        blobs: join(dir, 'blobs'),
      }),
    ).rejects.toThrow(/no linux\/s390x image/);
  });
});

describe('writeOciArchive', () => {
  it('writes the OCI layout with the node’s name and every blob', async () => {
    const blobs = join(dir, 'blobs');
    const pulled = await pullImage(`${registry.host}/google_containers/pause:3.9`, {
      arch: 'amd64',
      blobs,
    });
    const out = join(dir, 'pause.oci.tar');
    const name = 'registry.aliyuncs.com/google_containers/pause:3.9';
    await writeOciArchive(out, name, pulled, blobs, new Date(0));
    const file = await open(out, 'r');
    const seen = new Map<string, Buffer>();
    try {
      for await (const entry of tarEntries(file)) {
        const parts: Buffer[] = [];
        for await (const c of entryChunks(file, entry)) parts.push(Buffer.from(c));
        seen.set(entry.path, Buffer.concat(parts));
      }
    } finally {
      await file.close();
    }
    expect(JSON.parse(seen.get('oci-layout')?.toString() ?? '')).toEqual({
      imageLayoutVersion: '1.0.0',
    });
    const index = JSON.parse(seen.get('index.json')?.toString() ?? '') as {
      manifests: { digest: string; annotations: Record<string, string> }[];
    };
    expect(index.manifests[0]?.digest).toBe(pulled.manifest.digest);
    expect(index.manifests[0]?.annotations['io.containerd.image.name']).toBe(name);
    expect(index.manifests[0]?.annotations['org.opencontainers.image.ref.name']).toBe('3.9');
    const docker = JSON.parse(seen.get('manifest.json')?.toString() ?? '') as {
      RepoTags: string[];
      Layers: string[];
    }[];
    expect(docker[0]?.RepoTags).toEqual([name]);
    for (const d of [pulled.manifest, pulled.config, ...pulled.layers]) {
      const body = seen.get(`blobs/sha256/${d.digest.slice(7)}`);
      expect(body && `sha256:${hex(body)}`).toBe(d.digest);
    }
  });
});
