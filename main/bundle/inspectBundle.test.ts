import { execFileSync } from 'node:child_process';
import { mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectBundle } from './inspectBundle';
import { TarFileWriter } from './tarFile';
import { sampleBundle as makeSample, type SampleBundle } from './testing/sampleBundle';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sampleBundle(): Promise<SampleBundle> {
  return makeSample(dir);
}

describe('bundle file: write then inspect', () => {
  it('puts manifest.json first and is a tar GNU tar lists', async () => {
    const { out } = await sampleBundle();
    const listing = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual([
      'manifest.json',
      'packages/deb/amd64/kubeadm_1.18.2-00_amd64.deb',
      'manifests/flannel-v0.14.0.yaml',
      'images/registry.k8s.io/pause_3.2.oci.tar',
    ]);
    const extracted = execFileSync('tar', ['-xOf', out, 'manifests/flannel-v0.14.0.yaml']);
    expect(extracted.length).toBe(512);
  });

  it('verifies every entry of an intact bundle', async () => {
    const { out, manifest } = await sampleBundle();
    const result = await inspectBundle(out);
    expect(result.ok).toBe(true);
    expect(result.manifest).toEqual(manifest);
    expect(result.checks.map((c) => c.state)).toEqual(['ok', 'ok', 'ok']);
    expect(result.unlisted).toEqual([]);
  });

  it('names the artifact a corrupted byte falls in', async () => {
    const { out } = await sampleBundle();
    const bytes = await readFile(out);
    // The second entry's data starts after: manifest header + data (padded) + 1st header + data
    // (padded) + 2nd header. Find it by its content instead of computing offsets by hand.
    const secondStart = bytes.indexOf(
      execFileSync('tar', ['-xOf', out, 'manifests/flannel-v0.14.0.yaml']),
    );
    expect(secondStart).toBeGreaterThan(0);
    const handle = await open(out, 'r+');
    const flipped = Buffer.from([(bytes[secondStart + 100] ?? 0) ^ 0xff]);
    await handle.write(flipped, 0, 1, secondStart + 100);
    await handle.close();
    const result = await inspectBundle(out);
    expect(result.ok).toBe(false);
    expect(result.checks.map((c) => [c.id, c.state])).toEqual([
      ['deb/amd64/kubeadm@1.18.2', 'ok'],
      ['cni/flannel@v0.14.0', 'corrupt'],
      ['image/pause:3.2', 'ok'],
    ]);
    expect(result.checks[1]?.detail).toMatch(/^sha256 [0-9a-f]{64}, the manifest says/);
  });

  it('refuses a truncated bundle, naming the entry it ends in', async () => {
    const { out } = await sampleBundle();
    await truncate(out, 4096);
    await expect(inspectBundle(out)).rejects.toMatchObject({
      code: 'invalid_bundle',
      field: 'path',
      message: expect.stringContaining(
        'ends inside packages/deb/amd64/kubeadm_1.18.2-00_amd64.deb',
      ),
    });
  });

  it('refuses a tar whose first entry is not the manifest', async () => {
    const out = join(dir, 'other.tar');
    const tar = await TarFileWriter.create(out);
    await tar.addBuffer('README', Buffer.from('hello'));
    await tar.close();
    await expect(inspectBundle(out)).rejects.toMatchObject({
      code: 'invalid_bundle',
      message: expect.stringContaining('its first entry is README, not manifest.json'),
    });
  });

  it('reports an entry the manifest lists but the tar lacks as missing', async () => {
    const { manifest, data } = await sampleBundle();
    const staged = join(dir, 'only');
    await writeFile(staged, data[1] ?? Buffer.alloc(0));
    const second = manifest.entries[1];
    if (!second) throw new Error('sample has three entries');
    const partial = join(dir, 'partial.tar');
    const tar = await TarFileWriter.create(partial);
    await tar.addBuffer('manifest.json', Buffer.from(JSON.stringify(manifest)));
    await tar.addFile(second.path, staged, second.bytes);
    await tar.close();
    const result = await inspectBundle(partial);
    expect(result.checks.map((c) => c.state)).toEqual(['missing', 'ok', 'missing']);
    expect(result.ok).toBe(false);
  });
});
