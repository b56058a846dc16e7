import { describe, expect, it } from 'vitest';
import { runInstall } from './runner';
import { scriptCheck, type Step } from './step';
import { examplePlan, harness } from './testing/harness';
import type { ExamplePlan } from './testing/exampleSteps';

const script = (what: string): string => `#!/usr/bin/env bash\nset -euo pipefail\n# ${what}\n`;

/**
 * A worker's task whose scripts run on the control plane (Step.runsOn), publishing a secret —
 * as kubelet-conf-issue mints a node's kubelet.conf on the first control plane for that node.
 */
const issue: Step<ExamplePlan> = {
  id: 'issue',
  appliesTo: ['worker'],
  runsOn: (_node, nodes) => nodes.find((n) => n.id === 'master1'),
  check: scriptCheck(() => ({ script: script('check:issue'), env: {} })),
  apply: () => ({ script: script('apply:issue'), env: {} }),
  async outputs(ctx) {
    const res = await ctx.remote.exec(script('print-join-command'), {
      root: true,
      signal: ctx.signal,
    });
    return { conf: res.stdout.trim() };
  },
  secretOutputs: ['conf'],
};

/** The worker's own task that takes it. */
const use: Step<ExamplePlan> = {
  id: 'use',
  appliesTo: ['worker'],
  dependsOn: ['issue'],
  check: scriptCheck(() => ({ script: script('check:use'), env: {} })),
  async apply(ctx) {
    const { conf = '' } = await ctx.outputsOf('issue', ctx.node.id);
    return { script: script('apply:use'), env: { CONF: conf } };
  },
};

describe("a secret output collected again after a restart comes from the step's own machine", () => {
  it('runs the outputs of a runsOn step on the machine it names, not on the task node', async () => {
    const h = harness();
    const opts = { ...h.opts, steps: [issue, use], plan: examplePlan };
    const first = await runInstall(opts);
    expect(first.outcome).toBe('succeeded');
    const saved = h.saved.at(-1);
    if (!saved) throw new Error('no saved state');
    // A restart: the secret is not in the saved state, and `use` runs again (its check says so).
    const state = {
      ...saved,
      tasks: saved.tasks.map((t) =>
        t.stepId === 'use' ? { ...t, status: 'pending' as const, attempts: 0 } : t,
      ),
    };
    for (const r of h.lab.remotes.values()) r.calls.length = 0;
    for (const worker of ['worker1', 'worker2']) h.applied.get(worker)?.delete('use');
    const again = await runInstall({ ...opts, state });
    expect(again.outcome).toBe('succeeded');
    const printed = (id: string): number =>
      h.lab
        .remote(id)
        .calls.filter((c) => c.kind === 'exec' && c.command.includes('print-join-command')).length;
    expect(printed('worker1') + printed('worker2')).toBe(0);
    expect(printed('master1')).toBeGreaterThan(0);
  });
});
