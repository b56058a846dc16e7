import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import { createBackend } from '../backend';
import { startWebHost, type WebHost } from './server';
import WebSocket from 'ws';
import type { Envelope } from '../../common/contract';
import { MAX_CLIENT_MESSAGE_BYTES } from './protocol';
import {
  closeCode,
  collect,
  frame,
  OP,
  openWebSocket,
  rawRequest,
  upgradeRequest,
} from './testing/rawWire';

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
    15_000,
  );
  expect(ok.status).toBe(200);
  expect(ok.text).toContain('<html>kubelab</html>');
}

// Generous: each case takes milliseconds, but CI shares its CPUs.
const SLOW = { timeout: 60_000 };

describe('web host request targets (issue 14, defect 1)', SLOW, () => {
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

/** A well-behaved client: the ws library, our own Origin and the token. */
function goodClient(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {
      headers: { Origin: `http://127.0.0.1:${host.port}` },
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

let nextId = 1;
function call(ws: WebSocket, name: string, payload: unknown): Promise<Envelope<unknown>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer): void => {
      const msg = JSON.parse(data.toString()) as { id?: number; envelope?: Envelope<unknown> };
      if (msg.id !== id || !msg.envelope) return;
      ws.off('message', onMessage);
      resolve(msg.envelope);
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.send(JSON.stringify({ id, name, payload }));
  });
}

/** Sends raw frames on a fresh hand-made socket and returns the close code the host sent. */
async function closeCodeFor(frames: Buffer[], waitMs = 15_000): Promise<number | undefined> {
  const socket = await openWebSocket(host.port, host.token);
  const answer = await collect(
    socket,
    (s) => frames.forEach((f) => s.write(f)),
    waitMs,
    (received) => closeCode(received) !== undefined,
  );
  return closeCode(answer.raw);
}

describe('web host WebSocket frames (issue 14, defect 2)', SLOW, () => {
  const info = JSON.stringify({ id: 1, name: 'app.info', payload: {} });

  it('closes a text frame with invalid UTF-8 with 1007, that connection only', async () => {
    const bystander = await goodClient();
    const bad = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]);
    expect(await closeCodeFor([frame(OP.text, bad)])).toBe(1007);
    expect(await call(bystander, 'app.info', {})).toMatchObject({ ok: true });
    bystander.close();
  });

  it('closes a message over the byte limit with 1009, that connection only', async () => {
    const bystander = await goodClient();
    const big = await goodClient();
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(MAX_CLIENT_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
    expect(await call(bystander, 'app.info', {})).toMatchObject({ ok: true });
    bystander.close();
  });

  it('answers a 1.1 M character diagnosis.classify the contract allows', async () => {
    const ws = await goodClient();
    const text = `kubelet: error: ${'x'.repeat(1_100_000)}`;
    expect(await call(ws, 'diagnosis.classify', { text })).toMatchObject({ ok: true });
    ws.close();
  });

  it('answers a nodes.import of 400,000 Chinese characters (a large paste) with an envelope', async () => {
    const ws = await goodClient();
    const envelope = await call(ws, 'nodes.import', { text: '节点'.repeat(200_000), dryRun: true });
    expect(typeof envelope.ok).toBe('boolean');
    ws.close();
  });

  it('refuses a text over its byte limit with a typed error naming the field, socket open', async () => {
    const ws = await goodClient();
    const envelope = await call(ws, 'nodes.import', { text: '节'.repeat(800_000), dryRun: true });
    expect(envelope).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', field: 'text' },
    });
    expect(await call(ws, 'app.info', {})).toMatchObject({ ok: true });
    ws.close();
  });

  it('puts a fragmented message together and answers it', async () => {
    const socket = await openWebSocket(host.port, host.token);
    const bytes = Buffer.from(info);
    const answer = await collect(
      socket,
      (s) => {
        s.write(frame(OP.text, bytes.subarray(0, 5), { fin: false }));
        s.write(frame(OP.cont, bytes.subarray(5, 20), { fin: false }));
        s.write(frame(OP.cont, bytes.subarray(20)));
      },
      15_000,
      (received) => received.includes('"envelope"'),
    );
    expect(answer.raw.toString('utf8')).toContain('"envelope":{"ok":true');
  });

  it('closes protocol errors with 1002: a stray continuation, reserved bits, a reserved opcode', async () => {
    expect(await closeCodeFor([frame(OP.cont, Buffer.from(info))])).toBe(1002);
    expect(await closeCodeFor([frame(OP.text, Buffer.from(info), { rsv: 4 })])).toBe(1002);
    expect(await closeCodeFor([frame(0x3, Buffer.from(info))])).toBe(1002);
  });

  it('closes a binary request with 1003 and keeps serving', async () => {
    expect(await closeCodeFor([frame(OP.binary, Buffer.from(info))])).toBe(1003);
    await stillServes();
  });
});
