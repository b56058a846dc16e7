import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { startServe, type Served } from './support/serve';

// Issue 14, defects 1 and 2, against the real `kubelab serve` process: what once ended it (an
// unauthenticated absolute-form request with a bad port, on HTTP and on the upgrade path; a text
// frame with invalid UTF-8; a message over the size limit) is answered or closes that one
// connection, and the process goes on serving the app to a browser.

let served: Served;
test.beforeAll(async () => {
  served = await startServe();
});
test.afterAll(async () => served.stop());

const port = (): number => Number(new URL(served.url).port);

/** Raw bytes to the server; resolves with what it sent back before closing (or 3 s). */
function raw(bytes: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port: port() }, () => socket.write(bytes));
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(done, 3000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', reject);
  });
}

function socket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port()}/ws?token=${served.token}`, {
      headers: { Origin: served.origin },
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, name: string, payload: unknown): Promise<{ ok: boolean }> {
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { id?: number; envelope?: { ok: boolean } };
      if (msg.id === 7 && msg.envelope) resolve(msg.envelope);
    });
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
    ws.send(JSON.stringify({ id: 7, name, payload }));
  });
}

test('a hostile client cannot end kubelab serve', async ({ page }) => {
  const host = `127.0.0.1:${port()}`;
  const badTarget = await raw(`GET http://a:99999/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  expect(badTarget.toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);

  const badUpgrade = await raw(
    [
      'GET http://a:99999/ws HTTP/1.1',
      `Host: ${host}`,
      `Origin: ${served.origin}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  expect(badUpgrade.toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);

  const invalidUtf8 = await socket();
  const closed = new Promise<number>((resolve) => invalidUtf8.once('close', (c) => resolve(c)));
  invalidUtf8.on('error', () => undefined);
  invalidUtf8.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
  expect(await closed).toBe(1007);

  const oversize = await socket();
  const cut = new Promise<number>((resolve) => oversize.once('close', (c) => resolve(c)));
  oversize.on('error', () => undefined);
  oversize.send('x'.repeat(9 * 1024 * 1024));
  expect(await cut).toBe(1009);

  // What the Import dialog sends for a large paste, and a large log to diagnose: answered.
  const ws = await socket();
  const imported = await call(ws, 'nodes.import', { text: '节点'.repeat(200_000), dryRun: true });
  expect(typeof imported.ok).toBe('boolean');
  ws.close();
  const ws2 = await socket();
  expect(await call(ws2, 'diagnosis.classify', { text: 'x'.repeat(1_100_000) })).toMatchObject({
    ok: true,
  });
  ws2.close();

  await page.goto(served.url);
  await expect(page.getByRole('navigation')).toBeVisible();
});
