/// <reference types="vite/client" />
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubelabApi } from '../../../common/api';

type Listener = (payload: unknown) => void;

/**
 * A stand-in for window.kubelab that records every subscription by event name ("nodes.changed")
 * and lets the test send events; requests are never expected here.
 */
function fakeApi(): { api: KubelabApi; listeners: Map<string, Set<Listener>>; requests: string[] } {
  const listeners = new Map<string, Set<Listener>>();
  const requests: string[] = [];
  const events = new Proxy(
    {},
    {
      get: (_t, ns: string) =>
        new Proxy(
          {},
          {
            get: (_u, name: string) => (listener: Listener) => {
              const key = `${ns}.${name}`;
              const set = listeners.get(key) ?? new Set<Listener>();
              set.add(listener);
              listeners.set(key, set);
              return () => set.delete(listener);
            },
          },
        ),
    },
  );
  const api = new Proxy(
    { events },
    {
      get: (target, ns: string) =>
        ns === 'events'
          ? target.events
          : new Proxy(
              {},
              {
                get: (_u, name: string) => () => {
                  requests.push(`${ns}.${name}`);
                  return Promise.reject(new Error('no back end in this test'));
                },
              },
            ),
    },
  ) as unknown as KubelabApi;
  return { api, listeners, requests };
}

const subscribed = (listeners: Map<string, Set<Listener>>): string[] =>
  [...listeners].filter(([, set]) => set.size > 0).map(([name]) => name);

let fake: ReturnType<typeof fakeApi>;
let windowListeners: string[];

beforeEach(() => {
  vi.resetModules();
  fake = fakeApi();
  windowListeners = [];
  vi.stubGlobal('window', {
    kubelab: fake.api,
    location: { hash: '#/install', href: 'http://localhost/#/install' },
    addEventListener: (name: string) => windowListeners.push(name),
    removeEventListener: () => undefined,
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('renderer state', { timeout: 30_000 }, () => {
  it('subscribes to nothing when a store module is imported', async () => {
    const modules = import.meta.glob(['./*Store.ts']);
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(7);
    for (const load of Object.values(modules)) await load();
    expect(subscribed(fake.listeners)).toEqual([]);
    expect(windowListeners).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it('feeds the stores from one subscription per event, and stops them all', async () => {
    const { listenToBackEnd } = await import('./events');
    const { useNodesStore } = await import('./nodesStore');
    const target = new EventTarget();
    const stop = listenToBackEnd(fake.api, target);
    expect(subscribed(fake.listeners).sort()).toEqual([
      'bundle.buildProgress',
      'install.event',
      'install.progress',
      'nodes.changed',
      'nodes.hostKeyPrompt',
      'terminal.data',
      'terminal.exit',
    ]);

    const node = { id: 'm1', name: 'master1' };
    for (const send of fake.listeners.get('nodes.changed') ?? []) send({ nodes: [node] });
    expect(useNodesStore.getState().nodes).toEqual([node]);
    expect(useNodesStore.getState().loaded).toBe(true);
    const prompt = { promptId: 'p1', nodeId: 'm1' };
    for (const send of fake.listeners.get('nodes.hostKeyPrompt') ?? []) send(prompt);
    expect(useNodesStore.getState().prompts).toEqual([prompt]);

    const { useBundleStore } = await import('./bundleStore');
    const resolved = { kind: 'resolved', artifacts: 2, knownBytes: 900, unsized: 0, skipped: [] };
    for (const send of fake.listeners.get('bundle.buildProgress') ?? []) send(resolved);
    expect(useBundleStore.getState().progress).toMatchObject({ artifacts: 2, knownBytes: 900 });

    stop();
    expect(subscribed(fake.listeners)).toEqual([]);
  });

  it('shows the area the address names when it changes', async () => {
    const { listenToBackEnd } = await import('./events');
    const { useAppStore } = await import('./appStore');
    const target = new EventTarget();
    listenToBackEnd(fake.api, target);
    expect(useAppStore.getState().area).toBe('install');
    window.location.hash = '#/report';
    target.dispatchEvent(new Event('hashchange'));
    expect(useAppStore.getState().area).toBe('report');
  });

  it('applies a batch of run events (install.progress) as the same events one by one', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    try {
      const { listenToBackEnd } = await import('./events');
      const { useRunStore } = await import('./runStore');
      listenToBackEnd(fake.api, new EventTarget());
      const time = '2026-12-07T18:00:00.000Z';
      const task = (nodeId: string) => ({ stepId: 'prepare-os', nodeId, attempts: 0 });
      const events = [
        {
          type: 'run-started',
          operation: 'install',
          runId: 'r1',
          time,
          dryRun: false,
          resumed: false,
          tasks: [
            { ...task('m1'), status: 'pending' },
            { ...task('m2'), status: 'pending' },
          ],
        },
        { type: 'task-state', runId: 'r1', time, ...task('m1'), status: 'running', attempt: 1 },
        { type: 'task-state', runId: 'r1', time, ...task('m2'), status: 'running', attempt: 1 },
        { type: 'task-state', runId: 'r1', time, ...task('m1'), status: 'done', attempt: 1 },
      ];
      const [first, ...rest] = events;
      for (const send of fake.listeners.get('install.event') ?? []) send(first);
      for (const send of fake.listeners.get('install.progress') ?? []) send({ events: rest });
      await vi.advanceTimersByTimeAsync(100);
      const { runId, cells } = useRunStore.getState();
      expect(runId).toBe('r1');
      expect(cells['prepare-os/m1']?.status).toBe('ok');
      expect(cells['prepare-os/m2']?.status).toBe('running');
    } finally {
      vi.useRealTimers();
    }
  });
});
