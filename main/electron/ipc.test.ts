import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { ipcRequestChannel, requestNames } from '../../common/contract';
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import { createBackend } from '../backend';
import { registerIpc, senderCheck } from './ipc';

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
});
