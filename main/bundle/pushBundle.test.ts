import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleEntry, BundleManifest } from '../../common/bundle/manifest';
import type { PushEvent } from '../../common/bundle/pushEvents';
import { NODE_BUNDLE_DIR, type NodeShipment } from '../../common/bundle/pushSelection';
import { FakeRemote } from '../../tests/fakes/fakeRemote';
import { pushBundle, type PushInput } from './pushBundle';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const DATA = {
  'packages/deb/amd64/kubeadm.deb': randomBytes(3 * 1024 * 1024 + 11),
  'images/amd64/registry.k8s.io/pause_3.9.oci.tar': randomBytes(2 * 1024 * 1024 + 5),
  'manifests/flannel.yaml': randomBytes(700),
};
const ENTRIES: BundleEntry[] = Object.entries(DATA).map(([path, data]) => ({
  id: path.split('/').at(-1) ?? path,
  kind: path.startsWith('packages') ? 'package' : path.startsWith('images') ? 'image' : 'file',
  path,
  bytes: data.length,
  sha256: sha(data),
  forVersions: ['1.27.16'],
}));
const MANIFEST = { entries: ENTRIES } as unknown as BundleManifest;
const shipment = (nodeId: string): NodeShipment => ({
  nodeId,
  family: 'deb',
  arch: 'amd64',
  release: 'ubuntu-jammy',
  entries: ENTRIES,
  bytes: ENTRIES.reduce((n, e) => n + e.bytes, 0),
});

/** `sha256sum -c SHA256SUMS` on the fake node: OK for a file there whole, else FAILED. */
function checkSums(files: Map<string, Buffer>): string {
  return ENTRIES.map((e) => {
    const f = files.get(`${NODE_BUNDLE_DIR}/${e.path}`);
    if (!f) return `${e.path}: FAILED open or read`;
    return sha(f) === e.sha256 ? `${e.path}: OK` : `${e.path}: FAILED`;
  }).join('\n');
}

function node(id: string): FakeRemote {
  const r: FakeRemote = new FakeRemote(id, {
    rules: [{ match: 'sha256sum -c', reply: () => ({ stdout: checkSums(r.files) }) }],
  });
  return r;
}

let dir: string;
let localFiles: Map<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-pushbundle-'));
  localFiles = new Map(
    Object.entries(DATA).map(([path, data], i) => {
      const local = join(dir, `f${i}`);
      writeFileSync(local, data);
      return [path, local];
    }),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function input(
  remotes: FakeRemote[],
  events: PushEvent[],
  over: Partial<PushInput> = {},
): PushInput {
  return {
    manifest: MANIFEST,
    shipments: remotes.map((r) => shipment(r.nodeId)),
    localFiles,
    remoteFor: (id) => remotes.find((r) => r.nodeId === id) as FakeRemote,
    onEvent: (e) => events.push(e),
    ...over,
  };
}

describe('pushBundle', () => {
  it('sends each node its share, verified there, with progress per node', async () => {
    const remotes = [node('cp1'), node('w1')];
    const events: PushEvent[] = [];
    const results = await pushBundle(input(remotes, events));
    expect(results.map((r) => [r.nodeId, r.ok, r.verified, r.present])).toEqual([
      ['cp1', true, 3, 0],
      ['w1', true, 3, 0],
    ]);
    for (const r of remotes)
      for (const [path, data] of Object.entries(DATA))
        expect(r.files.get(`${NODE_BUNDLE_DIR}/${path}`)?.equals(data)).toBe(true);
    expect(results[0]?.sentBytes).toBe(shipment('cp1').bytes);
    const done = events.filter((e) => e.kind === 'node-done').map((e) => e.nodeId);
    expect(done.sort()).toEqual(['cp1', 'w1']);
    expect(events.some((e) => e.kind === 'progress' && e.nodeId === 'w1')).toBe(true);
    // The manifest goes on stdin: as an environment variable it would break every command of the
    // script once it passes Linux's 128 KiB limit for one.
    const execs = remotes[0]?.calls.filter((c) => c.kind === 'exec') ?? [];
    expect(execs.some((c) => c.command.includes('> .manifest.json.part'))).toBe(true);
    for (const c of execs) expect(Object.keys(c.env)).toEqual(['KL_DIR']);
  });

  it('does not send again what a node has whole, and continues a partial', async () => {
    const cp1 = node('cp1');
    const [pkg, image] = ENTRIES as [BundleEntry, BundleEntry];
    cp1.files.set(`${NODE_BUNDLE_DIR}/${pkg.path}`, DATA[pkg.path as keyof typeof DATA]);
    // The link drops 1 MiB into the image: that push fails for the node, the partial stays.
    cp1.transferSide.faults.dropAfterWritten = 1024 * 1024;
    const first = await pushBundle(input([cp1], []));
    expect(first[0]).toMatchObject({ ok: false, present: 1 });
    expect(first[0]?.error?.nodeId).toBe('cp1');
    const uploads = (): string[] =>
      cp1.calls.filter((c) => c.kind === 'upload').map((c) => c.command);
    expect(uploads()).toEqual([`${NODE_BUNDLE_DIR}/${image.path}`]);

    cp1.calls.length = 0;
    const events: PushEvent[] = [];
    const second = await pushBundle(input([cp1], events));
    expect(second[0]).toMatchObject({ ok: true, present: 1, resumed: 1, verified: 3 });
    expect(uploads()).toEqual(ENTRIES.slice(1).map((e) => `${NODE_BUNDLE_DIR}/${e.path}`));
    const resumedFrom = events.find(
      (e) => e.kind === 'artifact' && e.state === 'sent' && e.id === image.id,
    );
    expect(resumedFrom).toMatchObject({ resumedFrom: expect.any(Number) });
    expect(resumedFrom?.kind === 'artifact' && resumedFrom.resumedFrom).toBeGreaterThan(0);
    expect(second[0]?.sentBytes).toBeLessThan(image.bytes + (ENTRIES[2]?.bytes ?? 0));
  });

  it('names the artifact a node’s sha256sum -c does not match; the other node is done', async () => {
    const bad: FakeRemote = new FakeRemote('w1', {
      rules: [
        {
          match: 'sha256sum -c',
          reply: () => ({
            stdout: checkSums(bad.files).replace(/flannel.yaml: OK/, 'flannel.yaml: FAILED'),
          }),
        },
      ],
    });
    const results = await pushBundle(input([node('cp1'), bad], []));
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]?.error?.message).toContain(
      `flannel.yaml (${NODE_BUNDLE_DIR}/manifests/flannel.yaml)`,
    );
  });

  it('a cancel stops the push and throws', async () => {
    const controller = new AbortController();
    const cp1 = node('cp1');
    cp1.transferSide.faults.stallReads = true;
    const events: PushEvent[] = [];
    const pushing = pushBundle(
      input([cp1], events, {
        signal: controller.signal,
        onEvent: (e) => {
          events.push(e);
          if (e.kind === 'artifact') controller.abort();
        },
      }),
    );
    await expect(pushing).rejects.toBeTruthy();
    expect(events.some((e) => e.kind === 'node-done')).toBe(false);
  });
});
