import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeTerminalFrame } from '../../../common/terminalFrame';
import { AppError } from '../../../common/model/appError';
import { MAX_MESSAGE_BYTES } from '../../../common/wire';
import { createWebBridge } from './webBridge';

/** A stand-in for the browser's WebSocket: the test plays the server. */
class FakeSocket {
  static last: FakeSocket | undefined;
  binaryType = 'blob';
  readonly sent: string[] = [];
  private readonly handlers = new Map<string, ((event: { data?: unknown }) => void)[]>();
  constructor(readonly url: string) {
    FakeSocket.last = this;
    queueMicrotask(() => this.fire('open', {}));
  }
  addEventListener(type: string, fn: (event: { data?: unknown }) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), fn]);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  fire(type: string, event: { data?: unknown }): void {
    for (const fn of this.handlers.get(type) ?? []) fn(event);
  }
}

afterEach(() => vi.unstubAllGlobals());

function bridge(): { api: ReturnType<typeof createWebBridge>; socket: FakeSocket } {
  vi.stubGlobal('WebSocket', FakeSocket);
  const api = createWebBridge({
    protocol: 'http:',
    host: '127.0.0.1:1',
    search: '?token=x',
  } as Location);
  const socket = FakeSocket.last;
  if (!socket) throw new Error('no socket');
  return { api, socket };
}

describe('web bridge: terminal output frames', () => {
  it('reads binary frames as ArrayBuffers and hands the bytes to terminal.data listeners', () => {
    const { api, socket } = bridge();
    expect(socket.binaryType).toBe('arraybuffer');
    const got: { sessionId: string; data: string | Uint8Array }[] = [];
    api.events.terminal.data((p) => got.push(p));
    const frame = encodeTerminalFrame('t0123456789abcdef', new Uint8Array([0x68, 0x69, 0xc3]));
    socket.fire('message', { data: frame.buffer });
    expect(got).toHaveLength(1);
    expect(got[0]?.sessionId).toBe('t0123456789abcdef');
    expect(got[0]?.data).toBeInstanceOf(Uint8Array);
    expect([...(got[0]?.data as Uint8Array)]).toEqual([0x68, 0x69, 0xc3]);
  });

  it('drops a malformed binary frame and still takes JSON events', () => {
    const { api, socket } = bridge();
    const got: unknown[] = [];
    api.events.terminal.data((p) => got.push(p));
    socket.fire('message', { data: new Uint8Array([1, 0x74, 0x30]).buffer });
    expect(got).toEqual([]);
    const payload = { sessionId: 't0123456789abcdef', data: 'text' };
    socket.fire('message', { data: JSON.stringify({ event: 'terminal.data', payload }) });
    expect(got).toEqual([payload]);
  });
});

describe('web bridge: message size', () => {
  it('refuses a request over the host message limit as a typed error, sending nothing', async () => {
    const { api, socket } = bridge();
    const text = 'x'.repeat(MAX_MESSAGE_BYTES);
    await expect(api.diagnosis.classify({ text })).rejects.toMatchObject({
      code: 'payload_too_large',
      field: 'payload',
    });
    expect(socket.sent).toEqual([]);
  });

  it('sends a request within the limit', async () => {
    const { api, socket } = bridge();
    await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
    void api.app.info();
    await expect.poll(() => socket.sent.length).toBe(1);
    expect(JSON.parse(socket.sent[0] ?? '{}')).toMatchObject({ name: 'app.info', payload: {} });
  });
});

describe('web bridge: errors', () => {
  it('rejects a failed request with an AppError keeping its code and field', async () => {
    const { api, socket } = bridge();
    const answer = api.bundle.build({ out: '/p/kubelab.bundles/a.tar', machines: [] });
    await expect.poll(() => socket.sent.length).toBe(1);
    const { id } = JSON.parse(socket.sent[0] ?? '{}') as { id: number };
    const error = { code: 'bundle_exists', message: 'a.tar exists', field: 'out' };
    socket.fire('message', { data: JSON.stringify({ id, envelope: { ok: false, error } }) });
    const err: unknown = await answer.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject(error);
  });
});
