import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Fingerprints, fingerprintOf } from './fingerprint';
import { buildGraph } from './graph';
import { runInstall } from './runner';
import type { ScriptSpec, Step } from './step';
import { harness } from './testing/harness';
import { TOKEN, node } from './testing/scriptedLab';

const spec: ScriptSpec = {
  script: '#!/usr/bin/env bash\n# apply:runtime\n',
  env: { SANDBOX_IMAGE: 'registry.k8s.io/pause:3.10.1', RUNTIME: 'containerd' },
};
const worker = node('worker1');

describe('fingerprintOf', () => {
  it('is the same for the same script, environment and machine (env order does not matter)', () => {
    const again: ScriptSpec = {
      script: spec.script,
      env: { RUNTIME: 'containerd', SANDBOX_IMAGE: 'registry.k8s.io/pause:3.10.1' },
    };
    expect(fingerprintOf(spec, worker)).toBe(fingerprintOf(again, { ...worker }));
    expect(fingerprintOf(spec, worker)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any environment variable, the script, the mode or the machine', () => {
    const base = fingerprintOf(spec, worker);
    const variants: [string, ScriptSpec, typeof worker][] = [
      [
        'a value',
        {
          ...spec,
          env: {
            ...spec.env,
            SANDBOX_IMAGE: 'registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.10.1',
          },
        },
        worker,
      ],
      ['a new variable', { ...spec, env: { ...spec.env, EXTRA: '' } }, worker],
      ['a dropped variable', { ...spec, env: { RUNTIME: 'containerd' } }, worker],
      [
        'a renamed variable',
        { ...spec, env: { ...spec.env, RUNTIME: '', RUNTIMES: 'containerd' } },
        worker,
      ],
      ['the script', { ...spec, script: `${spec.script}echo fixed\n` }, worker],
      ['detached', { ...spec, detached: true }, worker],
      ['not as root', { ...spec, root: false }, worker],
      ['the address', spec, { ...worker, address: '10.0.0.99' }],
      ['the port', spec, { ...worker, port: 2222 }],
      ['the user', spec, { ...worker, user: 'ubuntu' }],
      ['the jump host', spec, { ...worker, jumpHost: 'bastion' }],
    ];
    const seen = new Set([base]);
    for (const [what, s, n] of variants) {
      const f = fingerprintOf(s, n);
      expect(f, what).not.toBe(base);
      seen.add(f);
    }
    expect(seen.size).toBe(variants.length + 1);
  });

  it('does not change with a node’s name or labels (no script sees them)', () => {
    const base = fingerprintOf(spec, worker);
    expect(fingerprintOf(spec, { ...worker, name: 'renamed', labels: { zone: 'b' } })).toBe(base);
  });
});

interface SecretPlan {
  password: string;
  token: string;
}

describe('fingerprints in the saved state', () => {
  it('are digests only: no secret value of the environment is ever written', async () => {
    const password = 'hunter2-not-for-the-project-file';
    const step: Step<SecretPlan> = {
      id: 'prepare-os',
      apply: (ctx) => ({
        script: '#!/usr/bin/env bash\n# apply:prepare-os\n',
        env: { PASSWORD: ctx.plan.password, JOIN_TOKEN: ctx.plan.token },
      }),
    };
    const h = harness();
    const plan: SecretPlan = { password, token: TOKEN };
    const result = await runInstall({ ...h.opts, steps: [step], plan });
    expect(result.outcome).toBe('succeeded');
    const last = h.saved.at(-1);
    expect(last?.tasks).toHaveLength(3);
    for (const t of last?.tasks ?? []) expect(t.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const everything = JSON.stringify([h.saved, h.events]);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(TOKEN);
    // The secret still reached the node that needed it.
    const call = h.lab.remote('worker1').calls.find((c) => c.command.includes('# apply:'));
    expect(call?.env.PASSWORD).toBe(password);
  });
});

describe('Fingerprints (one run)', () => {
  it('keeps the digest a recorded run was written with (same input, same sha256)', () => {
    // The format recorded in project files before the one-shot hash and the per-value redaction:
    // a resume compares against it, so it must not change.
    const input = JSON.stringify({
      v: 1,
      script: spec.script,
      env: [
        ['RUNTIME', 'containerd'],
        ['SANDBOX_IMAGE', 'registry.k8s.io/pause:3.10.1'],
      ],
      detached: false,
      root: true,
      target: [worker.address, worker.port, worker.user, ''],
    });
    expect(fingerprintOf(spec, worker)).toBe(createHash('sha256').update(input).digest('hex'));
  });

  it('renders a task only when asked, once, with the same digest as fingerprintOf', async () => {
    let renders = 0;
    const step: Step = {
      id: 'runtime',
      apply: (ctx) => {
        renders++;
        return { ...spec, env: { ...spec.env, NODE: ctx.node.name } };
      },
    };
    const nodes = [node('master1'), worker];
    const tasks = buildGraph([step], nodes, {});
    const prints = new Fingerprints({ runId: 'r1', plan: {}, nodes });
    expect(renders).toBe(0);
    const [first, second] = tasks;
    if (!first || !second) throw new Error('two tasks expected');
    const digest = await prints.of(second);
    expect(await prints.of(second)).toBe(digest);
    expect(renders).toBe(1);
    expect(digest).toBe(fingerprintOf({ ...spec, env: { ...spec.env, NODE: 'worker1' } }, worker));
    expect(await prints.of(first)).not.toBe(digest);
    expect(renders).toBe(2);
  });

  it('redacts every value before hashing: a token does not change the digest', async () => {
    const withToken = (token: string): Step => ({
      id: 'join-node',
      apply: () => ({ script: '# apply:join\n', env: { JOIN: `--token ${token}` } }),
    });
    const nodes = [worker];
    const [a] = buildGraph([withToken(TOKEN)], nodes, {});
    const [b] = buildGraph([withToken('zyxwvu.0123456789abcdef')], nodes, {});
    if (!a || !b) throw new Error('one task expected');
    const run = { runId: 'r1', plan: {}, nodes };
    expect(await new Fingerprints(run).of(a)).toBe(await new Fingerprints(run).of(b));
  });
});

describe('a new run', () => {
  it('renders no fingerprint before its first task starts', async () => {
    let renders = 0;
    let rendersAtFirstExec: number | undefined;
    const step: Step = {
      id: 'prepare-os',
      apply: () => {
        renders++;
        return { script: '# apply:prepare-os\n', env: {} };
      },
    };
    const h = harness();
    const result = await runInstall({
      ...h.opts,
      steps: [step],
      concurrency: 1,
      emit: (e) => {
        if (e.type === 'task-state' && e.status === 'running') rendersAtFirstExec ??= renders;
      },
    });
    expect(result.outcome).toBe('succeeded');
    // Before: every task's apply was rendered for its fingerprint before any started.
    expect(rendersAtFirstExec).toBe(1);
    // Each task's apply: once for its fingerprint, once to run.
    expect(renders).toBe(6);
  });
});
