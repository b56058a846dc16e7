import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import { decodeTerminalFrame } from '../../common/terminalFrame';
import { createBackend, type Backend } from '../backend';
import { startWebHost, type WebHost } from './server';

let host: WebHost;
let backend: Backend;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-renderer-'));
  await writeFile(join(dir, 'index.html'), '<html>kubelab</html>');
  host = await startWebHost({
    host: '127.0.0.1',
    port: 0,
    rendererDir: dir,
    backend: (backend = createBackend({
      face: 'web',
      settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
    })),
  });
});
afterAll(() => host.close());

function connect(query: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

describe('web host', () => {
  const own = (): Record<string, string> => ({ Origin: `http://127.0.0.1:${host.port}` });

  it('prints a loopback URL carrying a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses upgrades without the token, with a wrong one, or from a foreign Origin', async () => {
    expect(await connect('', own())).toBe(403);
    expect(await connect('?token=wrong', own())).toBe(403);
    expect(await connect(`?token=${host.token}`, { Origin: 'http://evil.test' })).toBe(403);
    expect(await connect(`?token=${host.token}`, {})).toBe(403);
  });

  it('refuses a rebinding Host header even with the token', async () => {
    const status = (hostHeader: string): Promise<number | undefined> =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: host.port,
            path: `/?token=${host.token}`,
            headers: { Host: hostHeader },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await status('attacker.example:80')).toBe(401);
    expect(await status(`localhost:${host.port}`)).toBe(200);
  });

  it('answers contract calls over the socket and rejects bad payloads with the field', async () => {
    const ws = await connect(`?token=${host.token}`, own());
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
    const call = (id: number, name: string, payload: unknown): Promise<unknown> =>
      new Promise((resolve) => {
        ws.on('message', (data) => {
          const msg = JSON.parse(data.toString()) as { id?: number };
          if (msg.id === id) resolve(msg);
        });
        ws.send(JSON.stringify({ id, name, payload }));
      });
    expect(await call(1, 'app.info', {})).toMatchObject({
      id: 1,
      envelope: { ok: true, value: { face: 'web' } },
    });
    expect(await call(2, 'settings.set', { language: 'de' })).toMatchObject({
      id: 2,
      envelope: { ok: false, error: { code: 'invalid_payload', field: 'language' } },
    });
    ws.close();
  });

  it('sends terminal output bytes as one binary frame, other events as JSON text', async () => {
    const ws = await connect(`?token=${host.token}`, own());
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
    const messages: { data: Buffer; binary: boolean }[] = [];
    ws.on('message', (data: Buffer, binary) => messages.push({ data, binary }));
    const sessionId = 't00112233445566ff';
    const bytes = Buffer.from([0x1b, 0x5b, 0x33, 0x32, 0x6d, 0xc3]); // ESC[32m + half a character
    backend.bus.emit('terminal.data', { sessionId, data: bytes });
    backend.bus.emit('terminal.data', { sessionId, data: 'text\u001b[0m' });
    backend.bus.emit('terminal.exit', { sessionId, code: 0 });
    await expect.poll(() => messages.length).toBe(3);
    const [frame, text, exit] = messages;
    expect(frame?.binary).toBe(true);
    const decoded = decodeTerminalFrame(new Uint8Array(frame?.data ?? []));
    expect(decoded?.sessionId).toBe(sessionId);
    expect(Buffer.from(decoded?.data ?? []).equals(bytes)).toBe(true);
    expect(text?.binary).toBe(false);
    expect(JSON.parse(String(text?.data))).toEqual({
      event: 'terminal.data',
      payload: { sessionId, data: 'text\u001b[0m' },
    });
    expect(exit?.binary).toBe(false);
    ws.close();
  });

  it('sends the run events of one tick as one install.progress message, in order', async () => {
    const ws = await connect(`?token=${host.token}`, own());
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
    const messages: unknown[] = [];
    ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString())));
    const time = '2026-12-07T18:00:00.000Z';
    const events = ['m1', 'm2', 'm3'].map((nodeId) => ({
      type: 'task-state' as const,
      runId: 'r1',
      time,
      nodeId,
      stepId: 'prepare-os',
      status: 'running' as const,
      attempt: 1,
    }));
    for (const e of events) backend.bus.emit('install.event', e);
    backend.bus.emit('terminal.exit', { sessionId: 't00112233445566ff', code: 0 });
    await expect.poll(() => messages.length).toBe(2);
    expect(messages[0]).toEqual({ event: 'install.progress', payload: { events } });
    expect(messages[1]).toMatchObject({ event: 'terminal.exit' });
    ws.close();
  });

  it('closes a socket that sends a binary frame: requests are JSON only', async () => {
    const ws = await connect(`?token=${host.token}`, own());
    if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(Buffer.from(JSON.stringify({ id: 1, name: 'app.info', payload: {} })), {
      binary: true,
    });
    expect(await closed).toBe(1003);
  });
});
