import { describe, expect, it } from 'vitest';
import type { BundleEntry, BundleManifest } from './manifest';
import { selectForNodes, sha256sums, verifiedPaths } from './pushSelection';
import type { BundleMachine } from './schema';

const entry = (id: string, kind: BundleEntry['kind'], path: string, bytes = 10): BundleEntry => ({
  id,
  kind,
  path,
  bytes,
  sha256: 'a'.repeat(64),
  forVersions: ['1.27.16'],
});

const MANIFEST: BundleManifest = {
  format: 'kubelab-bundle/1',
  createdAt: '2026-12-07T00:00:00Z',
  plan: {
    clusterName: 'c',
    kubernetesVersion: '1.27.16',
    runtime: 'containerd',
    cni: 'flannel',
    mirrorProfile: 'lab',
  },
  versions: ['1.27.16'],
  machines: [
    { family: 'deb', arch: 'amd64', release: 'ubuntu-jammy' },
    { family: 'deb', arch: 'arm64', release: 'ubuntu-jammy' },
    { family: 'rpm', arch: 'x86_64', release: 'el9' },
  ],
  entries: [
    entry('deb/amd64/kubeadm@1.27.16', 'package', 'packages/deb/amd64/kubeadm_1.27.16_amd64.deb'),
    entry('deb/arm64/kubeadm@1.27.16', 'package', 'packages/deb/arm64/kubeadm_1.27.16_arm64.deb'),
    entry('rpm/x86_64/kubeadm@1.27.16', 'package', 'packages/rpm/x86_64/kubeadm.rpm'),
    entry('image/pause@amd64', 'image', 'images/amd64/registry.k8s.io/pause_3.9.oci.tar', 100),
    entry('image/pause@arm64', 'image', 'images/arm64/registry.k8s.io/pause_3.9.oci.tar', 100),
    entry('cni/flannel@v0.22', 'file', 'manifests/flannel.yaml', 5),
  ],
};

const machine = (nodeId: string, over: Partial<BundleMachine> = {}): BundleMachine => ({
  nodeId,
  role: 'worker',
  osId: 'ubuntu',
  osIdLike: ['debian'],
  osVersion: '22.04',
  arch: 'x86_64',
  ...over,
});

describe('selectForNodes', () => {
  it('gives each node only its family and architecture, plus the plain files', () => {
    const r = selectForNodes(
      MANIFEST,
      [
        machine('cp1'),
        machine('arm1', { arch: 'aarch64' }),
        machine('rocky1', { osId: 'rocky', osIdLike: ['rhel'], osVersion: '9.4' }),
      ],
      '1.27.16',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const paths = Object.fromEntries(r.nodes.map((n) => [n.nodeId, n.entries.map((e) => e.path)]));
    expect(paths).toEqual({
      cp1: [
        'packages/deb/amd64/kubeadm_1.27.16_amd64.deb',
        'images/amd64/registry.k8s.io/pause_3.9.oci.tar',
        'manifests/flannel.yaml',
      ],
      arm1: [
        'packages/deb/arm64/kubeadm_1.27.16_arm64.deb',
        'images/arm64/registry.k8s.io/pause_3.9.oci.tar',
        'manifests/flannel.yaml',
      ],
      rocky1: [
        'packages/rpm/x86_64/kubeadm.rpm',
        'images/amd64/registry.k8s.io/pause_3.9.oci.tar',
        'manifests/flannel.yaml',
      ],
    });
    expect(r.nodes[0]).toMatchObject({ family: 'deb', arch: 'amd64', bytes: 115 });
  });

  it('refuses a bundle built for another version, saying both', () => {
    const r = selectForNodes(MANIFEST, [machine('cp1')], '1.28.2');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.message])).toEqual([
      [
        'path',
        'The bundle was built for Kubernetes 1.27.16; the plan installs 1.28.2. Build a bundle for this plan.',
      ],
    ]);
  });

  it('refuses a node whose OS release the bundle has no packages for, naming both', () => {
    const r = selectForNodes(
      MANIFEST,
      [machine('cp1'), machine('old', { osVersion: '20.04' })],
      '1.27.16',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.field).toBe('machines.1');
    expect(r.errors[0]?.message).toContain('old is deb amd64 ubuntu-focal');
    expect(r.errors[0]?.message).toContain('ubuntu-jammy');
  });

  it('refuses no nodes at all', () => {
    expect(selectForNodes(MANIFEST, [], '1.27.16').ok).toBe(false);
  });
});

describe('the node’s checksum list', () => {
  it('is what sha256sum -c reads, and its OK lines are read back', () => {
    const entries = MANIFEST.entries.slice(0, 2);
    expect(sha256sums(entries)).toBe(
      `${'a'.repeat(64)}  packages/deb/amd64/kubeadm_1.27.16_amd64.deb\n` +
        `${'a'.repeat(64)}  packages/deb/arm64/kubeadm_1.27.16_arm64.deb\n`,
    );
    // GNU coreutils 9.1 `sha256sum -c` output: a good file, a changed one, a missing one.
    const out = [
      'packages/deb/amd64/kubeadm_1.27.16_amd64.deb: OK',
      'packages/deb/arm64/kubeadm_1.27.16_arm64.deb: FAILED',
      'manifests/flannel.yaml: FAILED open or read',
    ].join('\n');
    expect([...verifiedPaths(out)]).toEqual(['packages/deb/amd64/kubeadm_1.27.16_amd64.deb']);
  });
});
