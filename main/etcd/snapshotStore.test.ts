import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotEntry } from '../../common/etcd/snapshotIndex';
import { fileDigest, readSnapshotIndex, recordSnapshot, snapshotFolder } from './snapshotStore';

const entry = (revision: number): SnapshotEntry => ({
  file: `etcd-2026-12-06T23-35-14Z-rev${revision}.db`,
  time: '2026-12-06T23:35:14.000Z',
  revision,
  totalKeys: 5,
  size: 20480,
  sha256: 'b'.repeat(64),
  etcdHash: 1,
  kubernetesVersion: '1.18.0',
  etcdVersion: '3.4.23',
  node: 'master1',
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-snapstore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the snapshots folder', () => {
  it('sits beside the project file, named after it', () => {
    expect(snapshotFolder('/home/a/lab/kubelab.yaml')).toBe('/home/a/lab/kubelab.snapshots');
    expect(snapshotFolder('/home/a/prod.yml')).toBe('/home/a/prod.snapshots');
  });

  it('starts empty, appends in order, and leaves no temp file behind', async () => {
    expect((await readSnapshotIndex(dir)).snapshots).toEqual([]);
    await recordSnapshot(dir, entry(1));
    await recordSnapshot(dir, entry(2));
    expect((await readSnapshotIndex(dir)).snapshots.map((s) => s.revision)).toEqual([1, 2]);
    expect(readdirSync(dir)).toEqual(['index.json']);
  });

  it('refuses to append to a corrupt index and leaves it as it was', async () => {
    writeFileSync(join(dir, 'index.json'), '{"schemaVersion":1,"snap');
    await expect(recordSnapshot(dir, entry(3))).rejects.toMatchObject({
      code: 'snapshot_index_corrupt',
      message: expect.stringContaining(join(dir, 'index.json')),
    });
    expect(readFileSync(join(dir, 'index.json'), 'utf8')).toBe('{"schemaVersion":1,"snap');
  });

  it('digests a file: size and SHA-256', async () => {
    writeFileSync(join(dir, 'f'), 'abc');
    expect(await fileDigest(join(dir, 'f'))).toEqual({
      size: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });
});
