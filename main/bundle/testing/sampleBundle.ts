import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_FORMAT, type BundleManifest } from '../../../common/bundle/manifest';
import { writeBundle } from '../writeBundle';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export interface SampleBundle {
  out: string;
  manifest: BundleManifest;
  data: Buffer[];
}

/** A small real bundle for tests: one entry past the 1 MiB copy chunk, one of a block, one empty. */
export async function sampleBundle(dir: string): Promise<SampleBundle> {
  const data = [randomBytes((1 << 20) + 777), randomBytes(512), Buffer.alloc(0)];
  const entries = [
    ['deb/amd64/kubeadm@1.18.2', 'package', 'packages/deb/amd64/kubeadm_1.18.2-00_amd64.deb'],
    ['cni/flannel@v0.14.0', 'file', 'manifests/flannel-v0.14.0.yaml'],
    ['image/pause:3.2', 'image', 'images/registry.k8s.io/pause_3.2.oci.tar'],
  ] as const;
  const files = new Map<string, string>();
  for (const [i, [, , path]] of entries.entries()) {
    const staged = join(dir, `staged-${i}`);
    await writeFile(staged, data[i] ?? Buffer.alloc(0));
    files.set(path, staged);
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: '2026-12-07T14:00:00.000Z',
    plan: {
      clusterName: 'kubernetes',
      kubernetesVersion: '1.18.2',
      runtime: 'docker',
      cni: 'flannel',
      mirrorProfile: 'china',
    },
    versions: ['1.18.2'],
    machines: [{ family: 'deb', arch: 'amd64', release: 'ubuntu-focal' }],
    entries: entries.map(([id, kind, path], i) => ({
      id,
      kind,
      path,
      bytes: data[i]?.length ?? 0,
      sha256: sha(data[i] ?? Buffer.alloc(0)),
      forVersions: ['1.18.2'],
    })),
  };
  const out = join(dir, 'bundle.tar');
  await writeBundle(out, manifest, files);
  return { out, manifest, data };
}
