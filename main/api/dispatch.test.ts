import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { requestNames, requests } from '../../common/contract';
import { createBackend } from '../backend';
import type { SettingsStore } from '../store/settingsStore';
import { DEFAULT_SETTINGS, type Settings } from '../../common/model/settings';
import { dispatch } from './dispatch';
import type { Handlers } from './handlers';

function memoryStore(): SettingsStore & { saved: Settings[] } {
  let current = { ...DEFAULT_SETTINGS };
  const saved: Settings[] = [];
  return {
    saved,
    read: async () => ({ ...current }),
    write: async (s) => {
      current = { ...s };
      saved.push(s);
    },
  };
}

const ctx = { face: 'web' } as const;

describe('dispatch', () => {
  it('answers every contract entry with a valid payload', async () => {
    const { handlers } = createBackend({ face: 'web', settingsStore: memoryStore() });
    const payloads: Record<string, unknown> = {
      'app.ping': { message: 'hi' },
      'settings.set': { theme: 'dark' },
      'install.retry': { stepId: 'prepare-os', nodeId: 'n1' },
      'install.skip': { stepId: 'prepare-os', nodeId: 'n1' },
      'diagnosis.classify': { text: '[ERROR Swap]: running with swap on is not supported' },
      'preflight.evaluate': {
        plan: { kubernetesVersion: '1.30.2', runtime: 'containerd' },
        nodes: [{ role: 'worker', facts: { nodeId: 'n1' } }],
      },
    };
    for (const name of requestNames) {
      const payload = payloads[name] ?? {};
      const env = await dispatch(handlers, name, payload, ctx);
      if (!requests[name].payload.safeParse(payload).success) {
        // No sample payload here: the gate must refuse `{}` with the field, never crash.
        expect(env, name).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
        continue;
      }
      // A bare backend lacks optional services (steps, SSH, project) and nodes: `not_configured` or
      // a domain refusal is an answer; only an unexpected crash (`internal`) is not.
      const answered = env.ok || env.error.code !== 'internal';
      expect(answered, `${name}: ${JSON.stringify(env)}`).toBe(true);
    }
  });

  it('refuses an unknown request name without calling anything', async () => {
    const { handlers } = createBackend({ face: 'web', settingsStore: memoryStore() });
    const env = await dispatch(handlers, 'fs.readFile', { path: '/etc/shadow' }, ctx);
    expect(env).toEqual({ ok: false, error: expect.objectContaining({ code: 'unknown_request' }) });
  });

  it.each([
    ['settings.set', { language: 'fr' }, 'language'],
    ['settings.set', { theme: 42 }, 'theme'],
    ['settings.set', { theme: 'dark', extra: true }, ''],
    ['app.ping', { message: 7 }, 'message'],
    ['app.ping', {}, 'message'],
    ['app.info', { unexpected: 1 }, ''],
    ['settings.get', 'not an object', ''],
  ])('%s rejects %j naming the field', async (name, payload, field) => {
    const store = memoryStore();
    const { handlers } = createBackend({ face: 'web', settingsStore: store });
    const env = await dispatch(handlers, name, payload, ctx);
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('invalid_payload');
    expect(env.error.message).toContain(name);
    if (field) {
      expect(env.error.field).toBe(field);
      expect(env.error.message).toContain(`${field}:`);
    } else {
      expect(env.error.message.length).toBeGreaterThan(name.length + 2);
    }
    expect(store.saved).toEqual([]);
  });

  // Issue 14, defect 6: `null` was read as `{}`, so install.start (now run.start) with null started an install
  // and lab.down with null took a lab down. No call may act on a payload that is not an object.
  it.each([
    ['null', null],
    ['missing', undefined],
    ['a string', 'start'],
    ['a number', 0],
    ['an array', []],
    ['false', false],
  ])('refuses a payload that is %s for every request, naming the payload', async (_, bad) => {
    const called: string[] = [];
    const recording = Object.fromEntries(
      requestNames.map((name) => [
        name,
        async () => {
          called.push(name);
          return Promise.resolve(undefined);
        },
      ]),
    ) as unknown as Handlers;
    for (const name of requestNames) {
      const env = await dispatch(recording, name, bad, ctx);
      expect(env, name).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload', field: 'payload' },
      });
      if (!env.ok) expect(env.error.message).toContain(name);
    }
    expect(called).toEqual([]);
  });

  it('has an object payload for every request, so the object gate refuses nothing valid', () => {
    for (const name of requestNames) {
      const schema = z.toJSONSchema(requests[name].payload, {
        io: 'input',
        unrepresentable: 'any',
      });
      expect(schema.type, name).toBe('object');
    }
  });

  it('does not call the handler when the payload is invalid', async () => {
    const { handlers } = createBackend({ face: 'web', settingsStore: memoryStore() });
    const spy = vi.fn(handlers['settings.set']);
    await dispatch({ ...handlers, 'settings.set': spy }, 'settings.set', { language: 'xx' }, ctx);
    expect(spy).not.toHaveBeenCalled();
  });

  it('persists a settings change and emits a log event', async () => {
    const store = memoryStore();
    const { handlers, bus } = createBackend({ face: 'web', settingsStore: store });
    const events: unknown[] = [];
    bus.subscribe((name, payload) => events.push({ name, payload }));
    const env = await dispatch(handlers, 'settings.set', { language: 'zh-CN' }, ctx);
    expect(env).toEqual({ ok: true, value: { language: 'zh-CN', theme: 'system' } });
    expect(store.saved).toEqual([{ language: 'zh-CN', theme: 'system' }]);
    expect(events).toEqual([
      { name: 'app.log', payload: expect.objectContaining({ level: 'info' }) },
    ]);
  });

  it('turns a thrown service error into an envelope without a stack', async () => {
    const { handlers } = createBackend({ face: 'web', settingsStore: memoryStore() });
    const failing = {
      ...handlers,
      'settings.get': async () => Promise.reject(new Error('disk on fire')),
    };
    const env = await dispatch(failing, 'settings.get', {}, ctx);
    expect(env).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });
});
