import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import { createBackend } from '../backend';
import { startWebHost, type WebHost } from './server';
import { rawRequest, upgradeRequest } from './testing/rawWire';

// Issue 14, defect 1: request parsing threw out of the handler before the token check and the
// uncaught error ended `kubelab serve`. Every answer here comes from a host that must still be
// serving a good client afterwards.
let host: WebHost;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-renderer-'));
  await writeFile(join(dir, 'index.html'), '<html>kubelab</html>');
  host = await startWebHost({
    host: '127.0.0.1',
    port: 0,
    rendererDir: dir,
    backend: createBackend({
      face: 'web',
      settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
    }),
  });
});
afterAll(() => host.close());

async function stillServes(): Promise<void> {
  const ok = await rawRequest(
    host.port,
    `GET /?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
  );
  expect(ok.status).toBe(200);
  expect(ok.text).toContain('<html>kubelab</html>');
}

describe('web host request targets (issue 14, defect 1)', () => {
  it('answers 400 to an absolute-form target with a bad port, and keeps serving', async () => {
    const bad = await rawRequest(
      host.port,
      `GET http://a:99999/ HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(bad.status).toBe(400);
    expect(bad.text).not.toMatch(/TypeError|Invalid URL|\n\s+at /);
    await stillServes();
  });

  it('answers 400 to the same target on the WebSocket upgrade path, and keeps serving', async () => {
    const request = upgradeRequest(host.port, host.token).replace(
      /^GET \S+/,
      'GET http://a:99999/ws',
    );
    const bad = await rawRequest(host.port, request);
    expect(bad.status).toBe(400);
    expect(bad.closed).toBe(true);
    await stillServes();
  });

  it('serves an absolute-form target naming this server (RFC 9112 §3.2.2)', async () => {
    const authority = `127.0.0.1:${host.port}`;
    const ok = await rawRequest(
      host.port,
      `GET http://${authority}/?token=${host.token} HTTP/1.1\r\nHost: ${authority}\r\nConnection: close\r\n\r\n`,
    );
    expect(ok.status).toBe(200);
  });

  it('refuses an absolute-form target whose authority is not the Host it was sent with', async () => {
    const answer = await rawRequest(
      host.port,
      `GET http://attacker.example/?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.status).toBe(400);
    await stillServes();
  });

  it('answers 400 to a protocol-relative or garbage target', async () => {
    for (const target of ['//a:99999/', '//evil.example/x', 'garbage', '*']) {
      const answer = await rawRequest(
        host.port,
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
      );
      expect(answer.status, target).toBe(400);
    }
    await stillServes();
  });
});
