import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { createProgressThrottle } from './progressThrottle';

/**
 * One artifact downloaded over HTTP(S) with Node's fetch (undici), resumable: bytes land in
 * `<dest>.part`, and a later attempt asks for the rest with `Range: bytes=<have>-` (RFC 9110
 * §14.2). A server answering 206 continues the file; one answering 200 ignored the range, so the
 * file starts over. The SHA-256 is taken over the whole file and compared with the published sum
 * when the source has one; only a whole, verified file is renamed to `dest`.
 */
export interface DownloadProgress {
  url: string;
  /** Bytes on disk so far (resumed bytes included). */
  bytes: number;
  /** Content length when the server says it, else undefined. */
  total: number | undefined;
  /** Bytes per second over this attempt. */
  speed: number;
  /** Seconds left at that speed, when the total is known. */
  etaSeconds: number | undefined;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  /** Bytes that were already on disk from an interrupted attempt. */
  resumedFrom: number;
}

export class ChecksumMismatch extends Error {
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${url}: SHA-256 ${actual}, the source publishes ${expected}`);
    this.name = 'ChecksumMismatch';
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export interface DownloadOptions {
  /** The published SHA-256 (hex), when the source has one. */
  sha256?: string;
  /** Extra request headers (a registry's `Authorization: Bearer …`). */
  headers?: Record<string, string>;
  /** At most ~10 reports a second (progressThrottle.ts), and always the one for the last chunk. */
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Clock for speed, ETA and the progress throttle (tests). */
  now?: () => number;
}

export async function download(
  url: string,
  dest: string,
  opts: DownloadOptions = {},
): Promise<DownloadResult> {
  const part = `${dest}.part`;
  const now = opts.now ?? Date.now;
  const have = await sizeOf(part);
  const response = await fetch(url, {
    headers: { ...opts.headers, ...(have > 0 ? { range: `bytes=${have}-` } : {}) },
    signal: opts.signal,
  });
  // 416: the part is already whole (a kill between the last byte and the rename).
  const complete = response.status === 416 && have > 0;
  if (!complete && response.status !== 200 && response.status !== 206) {
    throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  }
  const resumed = response.status === 206 ? have : complete ? have : 0;
  if (!complete) {
    const length = Number(response.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? resumed + length : undefined;
    const out = await open(part, resumed > 0 ? 'a' : 'w', 0o644);
    const started = now();
    let bytes = resumed;
    const progress = createProgressThrottle<DownloadProgress>((p) => opts.onProgress?.(p), now);
    try {
      if (!response.body) throw new Error(`${url}: empty response`);
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        await out.write(chunk);
        bytes += chunk.length;
        const seconds = Math.max((now() - started) / 1000, 0.001);
        const speed = (bytes - resumed) / seconds;
        progress.offer({
          url,
          bytes,
          total,
          speed,
          etaSeconds: total !== undefined && speed > 0 ? (total - bytes) / speed : undefined,
        });
      }
      progress.flush();
    } finally {
      await out.close();
    }
  } else {
    await response.body?.cancel();
  }
  const sha256 = await hashFile(part);
  if (opts.sha256 && opts.sha256.toLowerCase() !== sha256) {
    // A wrong file is not kept for a resume: the next source starts from zero.
    await rm(part, { force: true });
    throw new ChecksumMismatch(url, opts.sha256.toLowerCase(), sha256);
  }
  await rename(part, dest);
  return { path: dest, bytes: await sizeOf(dest), sha256, resumedFrom: resumed };
}
