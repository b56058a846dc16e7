import { describe, expect, it } from 'vitest';
import { BundleEntrySchema } from './manifest';

const entry = (path: string): unknown => ({
  id: 'x',
  kind: 'file',
  path,
  bytes: 1,
  sha256: 'a'.repeat(64),
  forVersions: [],
});

describe('a bundle entry’s path', () => {
  it.each([
    'packages/deb/amd64/kubeadm_1.18.2-00_amd64.deb',
    'images/registry.k8s.io/pause_3.2.oci.tar',
    'manifests/flannel-v0.14.0.yaml',
    'packages/deb/amd64/containerd.io_1.7.27-1_amd64.deb',
  ])('accepts %s', (path) => {
    expect(BundleEntrySchema.safeParse(entry(path)).success).toBe(true);
  });

  it.each(['/etc/passwd', '../escape', 'a/../../b', 'a/..', 'a\\b', 'a b', ''])(
    'refuses %j (push will write it on a node)',
    (path) => {
      expect(BundleEntrySchema.safeParse(entry(path)).success).toBe(false);
    },
  );
});
