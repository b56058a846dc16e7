import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumMismatch, download, type DownloadProgress } from './download';
import { fetchWithFallback } from './fetchWithFallback';

const BODY = randomBytes(300_000);
const SHA = createHash('sha256').update(BODY).digest('hex');
const ranges: (string | undefined)[] = [];
let server: Server;
let base: string;
let dir: string;

/** Writes a body 6 000 bytes at a time, each after the last has left, so the client reads many chunks. */
async function sendInChunks(res: ServerResponse, body: Buffer): Promise<void> {
  for (let at = 0; at < body.length; at += 6_000) {
    await new Promise<void>((resolve) => res.write(body.subarray(at, at + 6_000), () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  res.end();
}

/**
 * /good serves BODY with Range support; /drop sends the first 100 000 bytes then destroys the
 * socket (a mirror that drops a download halfway); /chunks serves BODY in 50 separate writes; /wrong serves other bytes of the same size
 * (a mirror with a wrong file); /gone answers 404.
 */
beforeAll(async () => {
  server = createServer((req, res) => {
    ranges.push(req.headers.range);
    if (req.url === '/gone') {
      res.writeHead(404).end();
      return;
    }
    const body = req.url === '/wrong' ? Buffer.alloc(BODY.length, 7) : BODY;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = m ? Number(m[1]) : 0;
    if (from >= body.length) {
      res.writeHead(416).end();
      return;
    }
    const rest = body.subarray(from);
    res.writeHead(m ? 206 : 200, {
      'content-length': String(rest.length),
      ...(m ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}),
    });
    if (req.url === '/chunks') {
      void sendInChunks(res, rest);
      return;
    }
    if (req.url === '/drop') {
      res.write(rest.subarray(0, 100_000), () => res.destroy());
      return;
    }
    res.end(rest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(async () => {
  ranges.length = 0;
  dir = await mkdtemp(join(tmpdir(), 'kubelab-download-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('download', () => {
  it('fetches a whole file, verifies the published SHA-256 and reports progress', async () => {
    const dest = join(dir, 'a.deb');
    const seen: DownloadProgress[] = [];
    const r = await download(`${base}/good`, dest, {
      sha256: SHA,
      onProgress: (p) => seen.push(p),
    });
    expect(r).toMatchObject({ bytes: BODY.length, sha256: SHA, resumedFrom: 0 });
    expect((await readFile(dest)).equals(BODY)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ bytes: BODY.length, total: BODY.length, etaSeconds: 0 });
    expect(seen.every((p) => p.speed > 0)).toBe(true);
  });

  it('reports a download of many chunks at most every 100 ms of its clock, and its last chunk', async () => {
    // A clock that never moves: only the first chunk's report passes, then the final one.
    const frozen: DownloadProgress[] = [];
    await download(`${base}/chunks`, join(dir, 'frozen.deb'), {
      sha256: SHA,
      now: () => 0,
      onProgress: (p) => frozen.push(p),
    });
    expect(frozen).toHaveLength(2);
    expect(frozen[0]?.bytes).toBeLessThan(BODY.length);
    expect(frozen[1]).toMatchObject({ bytes: BODY.length, total: BODY.length });
  });

  it('keeps a dropped download’s bytes and asks for the rest with Range', async () => {
    const dest = join(dir, 'b.deb');
    await expect(download(`${base}/drop`, dest, { sha256: SHA })).rejects.toThrow();
    expect((await stat(`${dest}.part`)).size).toBe(100_000);
    const r = await download(`${base}/good`, dest, { sha256: SHA });
    expect(ranges.at(-1)).toBe('bytes=100000-');
    expect(r.resumedFrom).toBe(100_000);
    expect((await readFile(dest)).equals(BODY)).toBe(true);
  });

  it('finishes a part that is already whole (416) without downloading again', async () => {
    const dest = join(dir, 'c.deb');
    await writeFile(`${dest}.part`, BODY);
    const r = await download(`${base}/good`, dest, { sha256: SHA });
    expect(r).toMatchObject({ resumedFrom: BODY.length, sha256: SHA });
  });

  it('refuses a file whose SHA-256 differs from the published one, keeping nothing', async () => {
    const dest = join(dir, 'd.deb');
    const err = await download(`${base}/wrong`, dest, { sha256: SHA }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumMismatch);
    expect((err as Error).message).toContain(`the source publishes ${SHA}`);
    await expect(stat(`${dest}.part`)).rejects.toThrow();
    await expect(stat(dest)).rejects.toThrow();
  });
});

describe('fetchWithFallback', () => {
  it('names the mirror with the wrong file and takes the fallback', async () => {
    const r = await fetchWithFallback(
      'deb/amd64/kubeadm@1.18.2',
      [
        { profile: 'plan', location: `${base}/wrong` },
        { profile: 'upstream', location: `${base}/good` },
      ],
      join(dir, 'e.deb'),
      { sha256: SHA },
    );
    expect(r.source.profile).toBe('upstream');
    expect(r.failures).toEqual([
      {
        source: { profile: 'plan', location: `${base}/wrong` },
        error: expect.stringContaining('SHA-256'),
      },
    ]);
  });

  it('names the artifact and every mirror when none works', async () => {
    await expect(
      fetchWithFallback(
        'image/pause:3.2',
        [
          { profile: 'plan', location: `${base}/gone` },
          { profile: 'china', location: `${base}/wrong` },
        ],
        join(dir, 'f'),
        { sha256: SHA },
      ),
    ).rejects.toMatchObject({
      code: 'bundle_download_failed',
      message: expect.stringMatching(
        /^image\/pause:3\.2: no source worked — plan \(.*HTTP 404.*\); china \(.*SHA-256/,
      ),
    });
  });
});
