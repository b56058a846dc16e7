import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcEventChannel, ipcRequestChannel, requestNames } from '../../common/contract';
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import { createBackend } from '../backend';
import { forwardEvents, registerIpc, senderCheck } from './ipc';

type Listener = (event: IpcMainInvokeEvent, payload: unknown) => unknown;

function setup(trusted: boolean): Map<string, Listener> {
  const handlers = new Map<string, Listener>();
  const backend = createBackend({
    face: 'desktop',
    settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
  });
  registerIpc(
    { handle: (channel: string, fn: Listener) => void handlers.set(channel, fn) },
    backend,
    () => trusted,
  );
  return handlers;
}

const fakeEvent = {} as IpcMainInvokeEvent;

describe('registerIpc', () => {
  it('registers exactly one handler per contract entry', () => {
    const handlers = setup(true);
    expect([...handlers.keys()].sort()).toEqual(requestNames.map(ipcRequestChannel).sort());
  });

  it('validates the payload before any service runs', async () => {
    const handler = setup(true).get(ipcRequestChannel('settings.set'));
    await expect(handler?.(fakeEvent, { theme: 'neon' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', field: 'theme' },
    });
  });

  it('refuses calls from an untrusted frame', async () => {
    const handler = setup(false).get(ipcRequestChannel('app.info'));
    await expect(Promise.resolve(handler?.(fakeEvent, {}))).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('senderCheck', () => {
  const check = senderCheck('file:///opt/kubelab/out/renderer');
  const event = (url: string, parent: unknown = null): IpcMainInvokeEvent =>
    ({ senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;

  it('trusts only the top frame showing the app', () => {
    expect(check(event('file:///opt/kubelab/out/renderer/index.html'))).toBe(true);
    expect(check(event('https://evil.example.com/'))).toBe(false);
    expect(check(event('file:///opt/kubelab/out/renderer/index.html', {}))).toBe(false);
    expect(check({ senderFrame: null } as unknown as IpcMainInvokeEvent)).toBe(false);
  });

  it('refuses a sibling folder that shares the prefix, and `..` out of the app', () => {
    expect(check(event('file:///opt/kubelab/out/renderer-evil/index.html'))).toBe(false);
    expect(check(event('file:///opt/kubelab/out/renderer/../renderer-evil/index.html'))).toBe(
      false,
    );
  });
});

describe('forwardEvents', () => {
  it('sends terminal output bytes as bytes (structured clone), and stops with the window', () => {
    const backend = createBackend({
      face: 'desktop',
      settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
    });
    const sent: [string, unknown][] = [];
    let destroyed = false;
    const contents = {
      isDestroyed: () => destroyed,
      send: (channel: string, payload: unknown) => void sent.push([channel, payload]),
    } as unknown as WebContents;
    forwardEvents(backend, contents);
    const data = Buffer.from([0x1b, 0x5b, 0x6d, 0xe4]);
    backend.bus.emit('terminal.data', { sessionId: 't0123456789abcdef', data });
    expect(sent).toEqual([
      [ipcEventChannel('terminal.data'), { sessionId: 't0123456789abcdef', data }],
    ]);
    expect((sent[0]?.[1] as { data: unknown }).data).toBeInstanceOf(Uint8Array);
    destroyed = true;
    backend.bus.emit('terminal.data', { sessionId: 't0123456789abcdef', data });
    expect(sent).toHaveLength(1);
  });

  it('sends the run events of one tick as one install.progress batch', async () => {
    const backend = createBackend({
      face: 'desktop',
      settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
    });
    const sent: [string, unknown][] = [];
    const contents = {
      isDestroyed: () => false,
      send: (channel: string, payload: unknown) => void sent.push([channel, payload]),
    } as unknown as WebContents;
    const stop = forwardEvents(backend, contents);
    const time = '2026-12-07T18:00:00.000Z';
    const events = ['m1', 'm2'].map((nodeId) => ({
      type: 'task-state' as const,
      runId: 'r1',
      time,
      nodeId,
      stepId: 'prepare-os',
      status: 'running' as const,
      attempt: 1,
    }));
    for (const e of events) backend.bus.emit('install.event', e);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([[ipcEventChannel('install.progress'), { events }]]);
    stop();
    backend.bus.emit('install.event', events[0] as (typeof events)[number]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(1);
  });
});
