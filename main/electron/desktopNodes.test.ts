import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import type { SafeStorageLike } from './safeStorageSecrets';

// The real safeStorage needs the Electron binary; these tests hand in their own.
vi.mock('electron', () => ({ safeStorage: {} }));
const { desktopNodesDeps } = await import('./desktopNodes');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function storage(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`),
    decryptString: (buf) => Buffer.from(buf.toString().slice(4), 'base64').toString(),
  };
}

async function desktop(
  safe: SafeStorageLike,
): Promise<(n: string, p: unknown) => ReturnType<typeof dispatch>> {
  const userData = mkdtempSync(join(tmpdir(), 'kubelab-userdata-'));
  dirs.push(userData);
  const { handlers } = createBackend({
    face: 'desktop',
    settingsStore: { read: async () => DEFAULT_SETTINGS, write: async () => undefined },
    nodes: desktopNodesDeps(userData, safe),
  });
  const call = (name: string, payload: unknown): ReturnType<typeof dispatch> =>
    dispatch(handlers, name, payload, { face: 'desktop' });
  const added = await call('nodes.add', {
    name: 'master1',
    address: '10.0.0.1',
    user: 'kube',
    auth: 'password',
  });
  expect(added.ok).toBe(true);
  return call;
}

describe('desktop secrets through the contract', () => {
  it('saving a password where Linux only offers basic_text is refused with a clear error', async () => {
    const call = await desktop(storage('basic_text'));
    const answer = await call('nodes.setSecret', {
      id: 'master1',
      kind: 'password',
      value: 's3cret',
    });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'keychain_unavailable',
        message: expect.stringMatching(/GNOME Keyring or KWallet/),
      },
    });
    const status = await call('nodes.secretStatus', { id: 'master1' });
    expect(status).toMatchObject({ ok: true, value: { password: false } });
  });

  it('saving a password without any keychain is refused too', async () => {
    const call = await desktop(storage('kwallet5', false));
    const answer = await call('nodes.setSecret', {
      id: 'master1',
      kind: 'password',
      value: 's3cret',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
  });

  it('with a keyring the password is stored and reported as in the keychain', async () => {
    const call = await desktop(storage('gnome_libsecret'));
    const answer = await call('nodes.setSecret', {
      id: 'master1',
      kind: 'password',
      value: 's3cret',
    });
    expect(answer).toMatchObject({ ok: true, value: { store: 'keychain+environment' } });
    expect(await call('nodes.secretStatus', { id: 'master1' })).toMatchObject({
      ok: true,
      value: { password: true, writable: true },
    });
  });
});
