import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRemote } from '../../../tests/fakes/fakeRemote';
import { pushFile } from './push';

/** One file to many (fake) nodes: all get it whole, one failing node does not stop the rest. */
const FILE = randomBytes(1024 * 1024 + 7);
const TARGET = '/var/tmp/bundle.tar';

let dir: string;
let local: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-push-'));
  local = join(dir, 'bundle.tar');
  writeFileSync(local, FILE);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const nodes = (n: number): FakeRemote[] =>
  Array.from({ length: n }, (_, i) => new FakeRemote(`n${i + 1}`));

describe('pushFile', () => {
  it('every node gets the file whole, outcomes in the order given', async () => {
    const remotes = nodes(5);
    const progress = new Set<string>();
    const out = await pushFile(remotes, local, TARGET, {
      concurrency: 2,
      onProgress: (id) => progress.add(id),
    });
    expect(out.map((o) => [o.nodeId, o.ok])).toEqual(remotes.map((r) => [r.nodeId, true]));
    for (const r of remotes) expect(r.files.get(TARGET)?.equals(FILE)).toBe(true);
    expect(progress).toEqual(new Set(remotes.map((r) => r.nodeId)));
  });

  it('a node whose copy is corrupt fails alone; the others get the file', async () => {
    const remotes = nodes(3);
    const bad = remotes[1] as FakeRemote;
    bad.transferSide.faults.sha256 = '0'.repeat(64);
    const out = await pushFile(remotes, local, TARGET);
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'transfer_corrupt', nodeId: 'n2' } });
    expect(bad.files.has(TARGET)).toBe(false);
    expect(remotes[2]?.files.get(TARGET)?.equals(FILE)).toBe(true);
  });

  it('never more nodes at once than asked', async () => {
    const remotes = nodes(6);
    let active = 0;
    let most = 0;
    for (const r of remotes) {
      const upload = r.uploadFile.bind(r);
      r.uploadFile = async (...args) => {
        most = Math.max(most, ++active);
        try {
          return await upload(...args);
        } finally {
          active--;
        }
      };
    }
    await pushFile(remotes, local, TARGET, { concurrency: 3 });
    expect(most).toBe(3);
  });

  it('the cap is shared: three nodes together stay under it', async () => {
    const remotes = nodes(3);
    const started = performance.now();
    await pushFile(remotes, local, TARGET, { bandwidthLimit: 4 * 1024 * 1024 });
    // 3 MiB at 4 MiB/s for all, one MiB ahead in the bucket: at least half a second.
    expect(performance.now() - started).toBeGreaterThan(450);
  });
});
