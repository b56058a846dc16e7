import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eventNames, ipcEventChannel, ipcRequestChannel, requestNames } from '../common/contract';
import { acrossContextBridge } from '../common/model/testing/contextBridgeCopy';

// electron is mocked: a plain Node import of it would try to download its binary.
const exposed: Record<string, unknown> = {};
const on = vi.fn(
  (_channel: string, _listener: (event: unknown, payload: unknown) => void) => undefined,
);
const invoke = vi.fn(async (_channel: string, _payload: unknown) => ({
  ok: true,
  value: 'answer',
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke, on, removeListener: vi.fn() },
}));

beforeAll(async () => {
  await import('./index');
});

type Leaf = (...args: unknown[]) => unknown;

describe('preload', () => {
  it('exposes only window.kubelab', () => {
    expect(Object.keys(exposed)).toEqual(['kubelab']);
  });

  it('exposes exactly one function per contract entry, nothing generic', () => {
    const api = exposed.kubelab as Record<string, Record<string, Leaf>>;
    const requestLeaves = Object.entries(api)
      .filter(([ns]) => ns !== 'events')
      .flatMap(([ns, methods]) => Object.keys(methods).map((m) => `${ns}.${m}`));
    expect(requestLeaves.sort()).toEqual([...requestNames].sort());
    const eventLeaves = Object.entries(api.events ?? {}).flatMap(([ns, methods]) =>
      Object.keys(methods).map((m) => `${ns}.${m}`),
    );
    expect(eventLeaves.sort()).toEqual([...eventNames].sort());
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('calls the namespaced channel of its entry', async () => {
    const api = exposed.kubelab as Record<string, Record<string, Leaf>>;
    await expect(api.settings?.set?.({ theme: 'dark' })).resolves.toBe('answer');
    expect(invoke).toHaveBeenCalledWith(ipcRequestChannel('settings.set'), { theme: 'dark' });
  });

  it('rejects an error envelope with its AppErrorData, which the context bridge copies whole', async () => {
    const error = { code: 'invalid_payload', message: 'theme: bad', field: 'theme' };
    invoke.mockResolvedValueOnce({
      ok: false,
      error: { ...error, stack: 'not for the page' },
    } as never);
    const api = exposed.kubelab as Record<string, Record<string, Leaf>>;
    const reason: unknown = await Promise.resolve(api.settings?.set?.({ theme: 'x' })).catch(
      (e: unknown) => e,
    );
    // What the page receives (renderer/src/bridge/desktopBridge.ts makes it an AppError again).
    expect(acrossContextBridge(reason)).toEqual(error);
  });

  it('hands terminal output bytes to the listener as the same Uint8Array (no text decode)', () => {
    const api = exposed.kubelab as { events: Record<string, Record<string, Leaf>> };
    const got: unknown[] = [];
    api.events.terminal?.data?.((payload: unknown) => got.push(payload));
    const call = on.mock.calls.find(([channel]) => channel === ipcEventChannel('terminal.data'));
    expect(call).toBeDefined();
    const bytes = new Uint8Array([0x68, 0xc3]); // 'h' and half of 'é'
    call?.[1]({}, { sessionId: 't0123456789abcdef', data: bytes });
    expect(got).toEqual([{ sessionId: 't0123456789abcdef', data: bytes }]);
    expect((got[0] as { data: unknown }).data).toBe(bytes);
  });
});
