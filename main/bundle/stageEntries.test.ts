import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, MANIFEST_NAME, type BundleManifest } from '../../common/bundle/manifest';
import { readBundle, stageEntries } from './stageEntries';
import { TarFileWriter } from './tarFile';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const DEB = randomBytes(5000);
const IMAGE = randomBytes(70_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-stage-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle as buildBundle writes it: the manifest first, then the entries. */
async function bundle(imageSha = sha(IMAGE)): Promise<string> {
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: '2026-12-07T00:00:00Z',
    plan: {
      clusterName: 'c',
      kubernetesVersion: '1.27.16',
      runtime: 'containerd',
      cni: 'flannel',
      mirrorProfile: 'lab',
    },
    versions: ['1.27.16'],
    machines: [{ family: 'deb', arch: 'amd64', release: 'ubuntu-jammy' }],
    entries: [
      {
        id: 'deb/amd64/kubeadm@1.27.16',
        kind: 'package',
        path: 'packages/deb/amd64/kubeadm.deb',
        bytes: DEB.length,
        sha256: sha(DEB),
        forVersions: ['1.27.16'],
      },
      {
        id: 'image/pause',
        kind: 'image',
        path: 'images/amd64/registry.k8s.io/pause_3.9.oci.tar',
        bytes: IMAGE.length,
        sha256: imageSha,
        forVersions: ['1.27.16'],
      },
    ],
  };
  const path = join(dir, 'b.tar');
  const tar = await TarFileWriter.create(path);
  await tar.addBuffer(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest)));
  writeFileSync(join(dir, 'deb'), DEB);
  writeFileSync(join(dir, 'image'), IMAGE);
  await tar.addFile('packages/deb/amd64/kubeadm.deb', join(dir, 'deb'), DEB.length);
  await tar.addFile(
    'images/amd64/registry.k8s.io/pause_3.9.oci.tar',
    join(dir, 'image'),
    IMAGE.length,
  );
  await tar.close();
  return path;
}

describe('stageEntries', () => {
  it('unpacks the entries asked for, each under its bundle path', async () => {
    const path = await bundle();
    const { manifest, refs } = await readBundle(path);
    const out = join(dir, 'push');
    const local = await stageEntries(path, refs, manifest.entries, out);
    expect(readFileSync(local.get('packages/deb/amd64/kubeadm.deb') ?? '').equals(DEB)).toBe(true);
    expect(
      readFileSync(local.get('images/amd64/registry.k8s.io/pause_3.9.oci.tar') ?? '').equals(IMAGE),
    ).toBe(true);
  });

  it('names the artifact whose bytes do not match the manifest, and keeps nothing of it', async () => {
    const path = await bundle('0'.repeat(64));
    const { manifest, refs } = await readBundle(path);
    const out = join(dir, 'push');
    await expect(stageEntries(path, refs, manifest.entries, out)).rejects.toThrow(
      /^image\/pause: images\/amd64\/registry\.k8s\.io\/pause_3\.9\.oci\.tar has SHA-256 [0-9a-f]{64} in the bundle, the manifest says 0{64}/,
    );
    expect(() =>
      readFileSync(join(out, 'images/amd64/registry.k8s.io/pause_3.9.oci.tar')),
    ).toThrow();
  });
});
