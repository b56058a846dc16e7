import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './fingerprint';
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
