// install.log through the one dispatch gate: ids validated (the field named), never a path; the
// log of the run on record, also when the back end was restarted (a page reload's back end is the
// same, a desktop restart's is not: both read the files).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import type { RunState } from '../../common/model/runEvent';
import { dispatch } from '../api/dispatch';
import { createBackend } from '../backend';
import { MemoryLogSink } from '../engine/logSink';

const ctx = { face: 'web' } as const;
const RUN = 'r20261206-194846-d56a44';

function backend(sink: MemoryLogSink): ReturnType<typeof createBackend> {
  const state: RunState = {
    runId: RUN,
    startedAt: '2026-12-06T19:48:46.000Z',
    outcome: 'failed',
    tasks: [{ stepId: 'kubeadm-init', nodeId: 'master1', status: 'failed', attempts: 1 }],
  };
  return createBackend({
    face: 'web',
    settingsStore: { read: async () => ({ ...DEFAULT_SETTINGS }), write: async () => undefined },
    install: {
      logSink: sink,
      clusterRecord: { load: async () => structuredClone(state), save: async () => undefined },
    },
  });
}

describe('install.log', () => {
  it('answers the recorded run’s log of a task, its end when it is long', async () => {
    const sink = new MemoryLogSink();
    await sink.append(RUN, 'master1', 'kubeadm-init', '[init] Using Kubernetes version: v1.18.0\n');
    await sink.append(RUN, 'master1', 'kubeadm-init', `${'x'.repeat(2000)}\nthe last line\n`);
    const { handlers } = backend(sink);
    const whole = await dispatch(
      handlers,
      'install.log',
      { stepId: 'kubeadm-init', nodeId: 'master1' },
      ctx,
    );
    expect(whole).toMatchObject({ ok: true, value: { runId: RUN, truncated: false } });
    expect(whole.ok && (whole.value as { text: string }).text).toMatch(/^\[init\] Using/);
    const end = await dispatch(
      handlers,
      'install.log',
      { stepId: 'kubeadm-init', nodeId: 'master1', maxBytes: 1024 },
      ctx,
    );
    expect(end).toMatchObject({ ok: true, value: { text: 'the last line\n', truncated: true } });
  });

  it('refuses ids that are not ids, naming the field, and never reads a path', async () => {
    const { handlers } = backend(new MemoryLogSink());
    for (const [payload, field] of [
      [{ stepId: '../../etc/passwd', nodeId: 'master1' }, 'stepId'],
      [{ stepId: 'kubeadm-init', nodeId: '../x' }, 'nodeId'],
      [{ stepId: 'kubeadm-init', nodeId: 'master1', path: '/etc/shadow' }, ''],
      [{ stepId: 'kubeadm-init', nodeId: 'master1', maxBytes: 1 << 30 }, 'maxBytes'],
    ] as const) {
      const env = await dispatch(handlers, 'install.log', payload, ctx);
      expect(env.ok).toBe(false);
      if (!env.ok && field) expect(env.error.field ?? env.error.message).toContain(field);
    }
  });
});
