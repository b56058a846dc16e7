import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseImageRef } from '../../common/bundle/imageRef';
import { bundleNeeds } from '../../common/bundle/needs';
import { modernPlan } from '../../common/plan/presets';
import { buildBundle, type BuildEvent } from './buildBundle';
import { inspectBundle } from './inspectBundle';
import { fakeImage, startFakeRegistry, type FakeRegistry } from './testing/fakeRegistry';

/**
 * A loopback mirror: a pkgs.k8s.io-style flat repository (`<root>/v1.29/deb/Packages`, Filename
 * relative to it) and Docker's classic one (`<root>/ubuntu/dists/jammy/stable/binary-amd64/
 * Packages`, Filename relative to `<root>/ubuntu/`), files with Range support, and the CNI
 * manifest. Stanza fields as https://wiki.debian.org/DebianRepository/Format describes them.
 */
const files = new Map<string, Buffer>();
const requests: { url: string; range: string | undefined }[] = [];
let server: Server;
let base: string;
let registry: FakeRegistry;
let dir: string;

function deb(path: string, size: number): { path: string; size: number; sha: string } {
  const body = randomBytes(size);
  files.set(path, body);
  return { path, size, sha: createHash('sha256').update(body).digest('hex') };
}

function stanza(
  name: string,
  version: string,
  filename: string,
  f: ReturnType<typeof deb>,
  depends = '',
): string {
  return [
    `Package: ${name}`,
    `Version: ${version}`,
    'Architecture: amd64',
    ...(depends ? [`Depends: ${depends}`] : []),
    `Filename: ${filename}`,
    `Size: ${f.size}`,
    `SHA256: ${f.sha}`,
    `Description: ${name}`,
    '',
  ].join('\n');
}

beforeAll(async () => {
  const k8s = '/k8s/v1.29/deb/';
  const kubelet = deb(`${k8s}amd64/kubelet_1.29.6-1.1_amd64.deb`, 2_500_000);
  const kubeletOld = deb(`${k8s}amd64/kubelet_1.29.5-1.1_amd64.deb`, 1000);
  const kubeadm = deb(`${k8s}amd64/kubeadm_1.29.6-1.1_amd64.deb`, 3000);
  const kubectl = deb(`${k8s}amd64/kubectl_1.29.6-1.1_amd64.deb`, 2000);
  const crictl = deb(`${k8s}amd64/cri-tools_1.29.0-1.1_amd64.deb`, 1500);
  const cni = deb(`${k8s}amd64/kubernetes-cni_1.4.0-1.1_amd64.deb`, 1700);
  const name = (f: { path: string }): string => f.path.slice(k8s.length);
  files.set(
    `${k8s}Packages`,
    Buffer.from(
      [
        stanza('kubelet', '1.29.5-1.1', name(kubeletOld), kubeletOld),
        stanza('kubelet', '1.29.6-1.1', name(kubelet), kubelet),
        stanza(
          'kubeadm',
          '1.29.6-1.1',
          name(kubeadm),
          kubeadm,
          'cri-tools (>= 1.29.0), kubernetes-cni (>= 1.4.0)',
        ),
        stanza('kubectl', '1.29.6-1.1', name(kubectl), kubectl),
        stanza('cri-tools', '1.29.0-1.1', name(crictl), crictl),
        stanza('kubernetes-cni', '1.4.0-1.1', name(cni), cni),
      ].join('\n'),
    ),
  );
  const pool = 'dists/jammy/pool/stable/amd64/';
  const containerd1 = deb(`/docker/ubuntu/${pool}containerd.io_1.7.27-1_amd64.deb`, 1200);
  const containerd2 = deb(`/docker/ubuntu/${pool}containerd.io_2.0.5-1_amd64.deb`, 1300);
  files.set(
    '/docker/ubuntu/dists/jammy/stable/binary-amd64/Packages',
    Buffer.from(
      [
        stanza('containerd.io', '1.7.27-1', `${pool}containerd.io_1.7.27-1_amd64.deb`, containerd1),
        stanza('containerd.io', '2.0.5-1', `${pool}containerd.io_2.0.5-1_amd64.deb`, containerd2),
      ].join('\n'),
    ),
  );
  files.set('/kube-flannel.yml', Buffer.from('kind: Namespace\n'));
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', range: req.headers.range });
    const body = files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = m ? Number(m[1]) : 0;
    const rest = body.subarray(from);
    res.writeHead(m ? 206 : 200, { 'content-length': String(rest.length) });
    // Small writes, so a download is seen in progress before it ends.
    let at = 0;
    const pump = (): void => {
      if (at >= rest.length) {
        res.end();
        return;
      }
      const next = rest.subarray(at, at + 256 * 1024);
      at += next.length;
      res.write(next, () => setImmediate(pump));
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Every image the plan needs, as its first source names it (the plan's registry mirrors).
  registry = await startFakeRegistry([], { token: 'anonymous-pull' });
  for (const a of needs().artifacts) {
    if (a.kind !== 'image') continue;
    const ref = parseImageRef(a.sources[0]?.location ?? '');
    registry.add([fakeImage(ref.repository, ref.reference, 3000)]);
  }
});
afterAll(async () => {
  await registry.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(async () => {
  requests.length = 0;
  dir = await mkdtemp(join(tmpdir(), 'kubelab-build-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function needs(): ReturnType<typeof bundleNeeds> {
  const plan = {
    ...modernPlan(),
    kubernetesVersion: '1.29.6',
    imageRepository: `${registry.host}/google_containers`,
    mirrors: {
      kubernetesPackages: `${base}/k8s`,
      dockerCe: `${base}/docker`,
      registries: { 'ghcr.io': registry.host },
    },
    cni: { plugin: 'flannel' as const, manifestUrl: `${base}/kube-flannel.yml` },
  };
  const result = bundleNeeds({
    plan,
    machines: [
      {
        nodeId: 'cp1',
        role: 'control-plane',
        osId: 'ubuntu',
        osIdLike: ['debian'],
        osVersion: '22.04',
        arch: 'x86_64',
      },
    ],
  });
  expect(result.errors).toEqual([]);
  return result;
}

const PLAN = {
  clusterName: 'kubernetes',
  kubernetesVersion: '1.29.6',
  runtime: 'containerd' as const,
  cni: 'flannel' as const,
  mirrorProfile: 'upstream',
};
const MACHINES = [{ family: 'deb' as const, arch: 'amd64', release: 'ubuntu-jammy' }];

describe('buildBundle from a mirror', () => {
  it('is interrupted mid-download, resumes with Range, and inspect verifies the result', async () => {
    const out = join(dir, 'bundle.tar');
    const staging = join(dir, 'staging');
    const stop = new AbortController();
    const first = buildBundle({
      needs: needs(),
      plan: PLAN,
      machines: MACHINES,
      out,
      staging,
      signal: stop.signal,
      onEvent: (e) => {
        if (e.kind === 'progress' && e.id === 'deb/amd64/kubelet@1.29.6' && e.bytes > 0)
          stop.abort();
      },
    });
    await expect(first).rejects.toThrow();
    await expect(stat(out)).rejects.toThrow();
    const kept = (await stat(join(staging, 'packages/deb/amd64/kubelet_1.29.6-1.1_amd64.deb.part')))
      .size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(2_500_000);

    requests.length = 0;
    const events: BuildEvent[] = [];
    const { manifest, skipped } = await buildBundle({
      needs: needs(),
      plan: PLAN,
      machines: MACHINES,
      out,
      staging,
      onEvent: (e) => events.push(e),
    });
    expect(requests).toContainEqual({
      url: '/k8s/v1.29/deb/amd64/kubelet_1.29.6-1.1_amd64.deb',
      range: `bytes=${kept}-`,
    });
    const packageEntries = manifest.entries.filter((e) => e.kind !== 'image');
    expect(packageEntries.map((e) => [e.id, e.version ?? ''])).toEqual([
      ['deb/amd64/kubelet@1.29.6', '1.29.6-1.1'],
      ['deb/amd64/kubeadm@1.29.6', '1.29.6-1.1'],
      ['deb/amd64/kubectl@1.29.6', '1.29.6-1.1'],
      ['deb/amd64/cri-tools@kubeadm-1.29.6', '1.29.0-1.1'],
      ['deb/amd64/kubernetes-cni@kubeadm-1.29.6', '1.4.0-1.1'],
      ['deb/amd64/containerd.io@ubuntu-jammy:<2.0', '1.7.27-1'],
      ['cni/flannel@v0.26.7', ''],
    ]);
    const imageEntries = manifest.entries.filter((e) => e.kind === 'image');
    expect(imageEntries.map((e) => e.version)).toEqual(
      expect.arrayContaining([
        `${registry.host}/google_containers/kube-apiserver:v1.29.6`,
        `${registry.host}/google_containers/pause:3.9`,
        'ghcr.io/flannel-io/flannel:v0.26.7',
      ]),
    );
    expect(imageEntries).toHaveLength(9);
    expect(imageEntries.every((e) => e.path.startsWith('images/amd64/'))).toBe(true);
    expect(skipped).toEqual([]);
    // Sizes before: the packages' published sizes and the images' manifests; the CNI manifest
    // (a plain file) is the one artifact sized only once downloaded.
    expect(events[0]).toMatchObject({ kind: 'resolved', artifacts: 16, unsized: 1 });
    const packageBytes = packageEntries
      .filter((e) => e.kind === 'package')
      .reduce((sum, e) => sum + e.bytes, 0);
    const before = events[0]?.kind === 'resolved' ? events[0].knownBytes : 0;
    // Each image: one 3000-byte layer plus its config and manifest.
    expect(before - packageBytes).toBeGreaterThan(9 * 3000);
    expect(before - packageBytes).toBeLessThan(9 * 4000);
    expect(events.at(-1)).toMatchObject({ kind: 'written', path: out });
    const inspection = await inspectBundle(out);
    expect(inspection.ok).toBe(true);
    expect(inspection.checks).toHaveLength(16);

    // A third build reuses every staged package instead of downloading it.
    registry.requests.length = 0;
    const again: BuildEvent[] = [];
    await buildBundle({
      needs: needs(),
      plan: PLAN,
      machines: MACHINES,
      out: join(dir, 'b2.tar'),
      staging,
      onEvent: (e) => again.push(e),
    });
    expect(again.filter((e) => e.kind === 'artifact' && e.state === 'reused')).toHaveLength(6);
    // Image blobs are kept too: the third build asks the registry for manifests only.
    expect(registry.requests.filter((r) => r.path.includes('/blobs/'))).toHaveLength(0);
    // Three builds of 16 artifacts over loopback: seconds on a loaded machine.
  }, 30_000);

  it('refuses before writing when the folder lacks the space, naming it and the bytes', async () => {
    const out = join(dir, 'bundle.tar');
    const err = await buildBundle({
      needs: needs(),
      plan: PLAN,
      machines: MACHINES,
      out,
      staging: join(dir, 'staging'),
      freeBytes: async () => 1000,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'bundle_no_space', field: 'out' });
    expect(String(err)).toContain(join(dir, 'staging'));
    expect(String(err)).toMatch(/\d+ bytes needed, 1000 free/);
    expect(requests.filter((r) => r.url.endsWith('.deb'))).toEqual([]);
    await expect(stat(out)).rejects.toThrow();
  });
});
