import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySide } from '../../../tests/fakes/memorySide';
import { localSide } from './localSide';
import { RESUME_WINDOW } from './pipelinedCopy';
import { TokenBucket } from './rateLimiter';
import { transferFile } from './transferFile';

/**
 * The streaming transfer against a node held in memory (the fake SFTP): a transfer stopped part
 * way continues from its partial, a copy whose sums differ never gets its name, a cancel ends it
 * at once, and the cap holds.
 */
const FILE = randomBytes(4 * 1024 * 1024 + 123);
const SHA = createHash('sha256').update(FILE).digest('hex');
const REMOTE = '/var/tmp/kubelab-etcd.x/snapshot.db';
const PARTIAL = '/var/tmp/kubelab-etcd.x/.snapshot.db.kubelab-part';

let dir: string;
let local: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubelab-transfer-'));
  local = join(dir, 'snapshot.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('download', () => {
  it('streams the node’s file to the local path with its SHA-256, no partial left', async () => {
    const node = new MemorySide('cp1', new Map([[REMOTE, FILE]]));
    const seen: number[] = [];
    const res = await transferFile(node, REMOTE, localSide, local, {
      mode: 0o600,
      progressEveryMs: 0,
      onProgress: (p) => seen.push(p.transferred),
    });
    expect(res).toEqual({ bytes: FILE.length, sha256: SHA, resumedFrom: 0 });
    expect(readFileSync(local).equals(FILE)).toBe(true);
    expect(statSync(local).mode & 0o777).toBe(0o600);
    expect(existsSync(`${local}.part`)).toBe(false);
    expect(seen.at(-1)).toBe(FILE.length);
    expect(seen.length).toBeGreaterThan(10);
  });

  it('cancelled part way, keeps the partial; the next try continues from it', async () => {
    const node = new MemorySide('cp1', new Map([[REMOTE, FILE]]));
    const stop = new AbortController();
    const first = transferFile(node, REMOTE, localSide, local, {
      signal: stop.signal,
      progressEveryMs: 0,
      onProgress: (p) => {
        if (p.transferred > FILE.length / 2) stop.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(local)).toBe(false);
    const partial = statSync(`${local}.part`).size;
    expect(partial).toBeGreaterThan(FILE.length / 2);

    const readBefore = node.bytesRead;
    const res = await transferFile(node, REMOTE, localSide, local);
    expect(res.resumedFrom).toBe(partial - RESUME_WINDOW);
    expect(node.bytesRead - readBefore).toBe(FILE.length - res.resumedFrom);
    expect(readFileSync(local).equals(FILE)).toBe(true);
  });

  it('a partial longer than the file is another file’s: starts again', async () => {
    writeFileSync(`${local}.part`, Buffer.alloc(FILE.length + 10));
    const node = new MemorySide('cp1', new Map([[REMOTE, FILE]]));
    const res = await transferFile(node, REMOTE, localSide, local, { resumeFrom: FILE.length + 5 });
    expect(res.resumedFrom).toBe(0);
    expect(readFileSync(local).equals(FILE)).toBe(true);
  });

  it('a cancel on a stalled link answers at once, nothing renamed', async () => {
    const node = new MemorySide('cp1', new Map([[REMOTE, FILE]]));
    node.faults.stallReads = true;
    const stop = new AbortController();
    const started = performance.now();
    setTimeout(() => stop.abort(), 30);
    await expect(
      transferFile(node, REMOTE, localSide, local, { signal: stop.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(existsSync(local)).toBe(false);
  });

  it('a file missing on the node is named', async () => {
    const node = new MemorySide('cp1');
    await expect(transferFile(node, REMOTE, localSide, local)).rejects.toMatchObject({
      code: 'transfer_source_missing',
      nodeId: 'cp1',
    });
  });
});

describe('upload', () => {
  beforeEach(() => writeFileSync(local, FILE));

  it('a dropped link keeps the node’s partial; the retry continues it, then renames', async () => {
    const node = new MemorySide('cp1');
    node.faults.dropAfterWritten = 3 * 1024 * 1024;
    await expect(transferFile(localSide, local, node, REMOTE)).rejects.toThrow(/connection lost/);
    expect(node.files.has(REMOTE)).toBe(false);
    const partial = node.files.get(PARTIAL)?.length ?? 0;
    expect(partial).toBeGreaterThan(RESUME_WINDOW);

    const writtenBefore = node.bytesWritten;
    const res = await transferFile(localSide, local, node, REMOTE);
    expect(res.resumedFrom).toBe(partial - RESUME_WINDOW);
    expect(node.bytesWritten - writtenBefore).toBe(FILE.length - res.resumedFrom);
    expect(node.files.get(REMOTE)?.equals(FILE)).toBe(true);
    expect(node.files.has(PARTIAL)).toBe(false);
  });

  it('resume: false starts again from byte 0', async () => {
    const node = new MemorySide('cp1', new Map([[PARTIAL, FILE.subarray(0, 3_000_000)]]));
    const res = await transferFile(localSide, local, node, REMOTE, { resume: false });
    expect(res.resumedFrom).toBe(0);
    expect(node.bytesWritten).toBe(FILE.length);
  });

  it('a sum on the node that differs is refused: the partial is deleted, never renamed', async () => {
    const node = new MemorySide('cp1');
    node.faults.sha256 = 'f'.repeat(64);
    await expect(transferFile(localSide, local, node, REMOTE)).rejects.toMatchObject({
      code: 'transfer_corrupt',
      nodeId: 'cp1',
    });
    expect(node.files.has(REMOTE)).toBe(false);
    expect(node.files.has(PARTIAL)).toBe(false);
  });

  it('keeps under the bandwidth cap', async () => {
    const small = join(dir, 'small');
    writeFileSync(small, FILE.subarray(0, 1024 * 1024));
    const node = new MemorySide('cp1');
    const started = performance.now();
    await transferFile(localSide, small, node, REMOTE, {
      limiter: new TokenBucket(2 * 1024 * 1024),
    });
    // 1 MiB at 2 MiB/s with a bucket of half a MiB ahead: at least a quarter second.
    expect(performance.now() - started).toBeGreaterThan(220);
    expect(node.files.get(REMOTE)?.length).toBe(1024 * 1024);
  });
});
