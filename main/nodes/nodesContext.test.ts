// One backend, one SSH pool: the install engine's remotes are built on the backend's own nodes
// context (no second pool, nothing memoised behind the caller's back), and a host key can be
// decided by the session itself (the CLI's terminal question) instead of a UI prompt.
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunResult } from '../../common/model/runEvent';
import { dispatch } from '../api/dispatch';
import { EventBus } from '../api/eventBus';
import { createBackend } from '../backend';
import { exampleSteps } from '../engine/testing/exampleSteps';
import { node } from '../engine/testing/scriptedLab';
import type { HostKeyQuestion } from '../ssh/connection';
import { modernPlan } from '../../common/plan/presets';
import { FileProjectStore, untitledProject } from '../store/projectStore';
import { MemorySecretStore } from '../store/secrets';
import { createNodesContext } from './nodesContext';

const settingsStore = { read: async () => ({}) as never, write: async () => undefined };

describe('the nodes context of a backend', () => {
  it('is the pool the install engine uses when the face brings no remotes', async () => {
    const projectStore = new FileProjectStore({
      ...untitledProject(),
      nodes: [node('master1', 'control-plane')],
      // Every run entry validates the plan against the nodes: advertise on master1's address.
      plan: modernPlan(node('master1').address),
    });
    const backend = createBackend({
      face: 'cli',
      settingsStore,
      projectStore,
      nodes: { secrets: new MemorySecretStore() },
      install: { steps: exampleSteps },
    });
    const finished = new Promise<RunResult>((resolve) =>
      backend.bus.subscribe((name, payload) => {
        const e = payload as RunEvent;
        if (name === 'install.event' && e.type === 'run-finished') resolve(e.result);
      }),
    );
    // Closing the backend's pool must stop the install's connections too: they are the same.
    backend.nodes.close();
    const started = await dispatch(
      backend.handlers,
      'run.start',
      { operation: 'install' },
      { face: 'cli' },
    );
    expect(started).toMatchObject({ ok: true });
    const result = await finished;
    expect(result.outcome).toBe('failed');
    expect(result.error?.message).toMatch(/connection pool is closed/);
  });

  it('each call builds its own: memoisation is the owner’s, never implicit', () => {
    const bus = new EventBus();
    const a = createNodesContext({}, bus);
    const b = createNodesContext({}, bus);
    expect(a.pool).not.toBe(b.pool);
    a.close();
    b.close();
  });
});

describe('host keys decided by the session', () => {
  const question: HostKeyQuestion = {
    nodeId: 'master1',
    host: '192.0.2.10',
    port: 22,
    key: { algorithm: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` },
  };

  it('asks askUnknown, not the UI, and takes its answer', async () => {
    for (const answer of [true, false]) {
      const bus = new EventBus();
      const prompts: string[] = [];
      bus.subscribe((name) => void prompts.push(name));
      const asked: string[] = [];
      const ctx = createNodesContext(
        {
          nodes: {
            askUnknown: async (q) => {
              asked.push(q.nodeId);
              return answer;
            },
          },
        },
        bus,
      );
      expect(await ctx.hostKeys.askUnknown(question)).toBe(answer);
      expect(asked).toEqual(['master1']);
      expect(prompts).not.toContain('nodes.hostKeyPrompt');
      ctx.close();
    }
  });

  it('without it, the question goes out as a nodes.hostKeyPrompt and waits for the answer', async () => {
    const bus = new EventBus();
    const ctx = createNodesContext({}, bus);
    bus.subscribe((name, payload) => {
      if (name === 'nodes.hostKeyPrompt')
        ctx.hostKeys.answer((payload as { promptId: string }).promptId, true);
    });
    expect(await ctx.hostKeys.askUnknown(question)).toBe(true);
    ctx.close();
  });
});
