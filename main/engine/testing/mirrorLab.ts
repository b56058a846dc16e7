import type { NodeSpec } from '../../../common/model/node';
import type { RunEvent, RunState } from '../../../common/model/runEvent';
import { FakeLab } from '../../../tests/fakes/fakeRemote';
import type { RunOptions } from '../runner';
import { CHECK_NEEDED_EXIT, scriptCheck, type Step } from '../step';
import { threeNodes } from './scriptedLab';

/**
 * The blocked-registry case in miniature, for the resume tests: nodes that remember the sandbox
 * image their runtime was configured with and the images they pulled. Pulls from a `blocked/`
 * registry time out; a step list prepare → runtime → kubelet → pull on every node, where only
 * runtime and pull are rendered from the plan's registry.
 */
export interface MirrorPlan {
  registry: string;
}

export interface MirrorNode {
  sandbox?: string;
  pulled: Set<string>;
  applies: string[];
  checks: string[];
}

const sh = (what: string): string => `#!/usr/bin/env bash\n# ${what}\n`;
const image = (plan: MirrorPlan): string => `${plan.registry}/pause:3.10.1`;

const simple = (id: string): Step<MirrorPlan> => ({
  id,
  check: scriptCheck(() => ({ script: sh(`check ${id}`), env: {} })),
  apply: () => ({ script: sh(`apply ${id}`), env: { STEP: id } }),
});

export const mirrorSteps: Step<MirrorPlan>[] = [
  simple('prepare-os'),
  {
    id: 'container-runtime',
    check: scriptCheck((ctx) => ({
      script: sh('check container-runtime'),
      env: { SANDBOX_IMAGE: image(ctx.plan) },
    })),
    apply: (ctx) => ({
      script: sh('apply container-runtime'),
      env: { SANDBOX_IMAGE: image(ctx.plan) },
    }),
  },
  simple('enable-kubelet'),
  {
    id: 'pull-images',
    check: scriptCheck((ctx) => ({
      script: sh('check pull-images'),
      env: { IMAGES: image(ctx.plan) },
    })),
    apply: (ctx) => ({ script: sh('apply pull-images'), env: { IMAGES: image(ctx.plan) } }),
  },
];

/** A fake node per id answering the steps above; `failPull` makes one more pull time out. */
export function mirrorLab(): {
  lab: FakeLab;
  node(id: string): MirrorNode;
  failPull: Set<string>;
} {
  const nodes = new Map<string, MirrorNode>();
  const failPull = new Set<string>();
  const node = (id: string): MirrorNode => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { pulled: new Set(), applies: [], checks: [] }));
    return n;
  };
  const step = (cmd: string): string => /# (?:check|apply) ([a-z-]+)/.exec(cmd)?.[1] ?? '';
  const lab = new FakeLab((id) => ({
    rules: [
      {
        match: /# check /,
        reply: (cmd, env) => {
          const n = node(id);
          const s = step(cmd);
          n.checks.push(s);
          const done =
            s === 'container-runtime'
              ? n.sandbox === env.SANDBOX_IMAGE
              : s === 'pull-images'
                ? n.pulled.has(env.IMAGES ?? '')
                : n.applies.includes(s);
          return { code: done ? 0 : CHECK_NEEDED_EXIT };
        },
      },
      {
        match: /# apply /,
        reply: (cmd, env) => {
          const n = node(id);
          const s = step(cmd);
          if (s === 'pull-images') {
            const img = env.IMAGES ?? '';
            if (img.startsWith('blocked/') || failPull.delete(id)) {
              return { code: 1, stderr: `pulling ${img}: dial tcp: i/o timeout\n` };
            }
            n.pulled.add(img);
          }
          if (s === 'container-runtime') n.sandbox = env.SANDBOX_IMAGE;
          n.applies.push(s);
          return { stdout: 'ok\n' };
        },
      },
    ],
  }));
  return { lab, node, failPull };
}

export interface MirrorHarness extends ReturnType<typeof mirrorLab> {
  opts: RunOptions;
  events: RunEvent[];
  saved: RunState[];
  nodes: NodeSpec[];
}

export function mirrorHarness(plan: MirrorPlan): MirrorHarness {
  const lab = mirrorLab();
  const events: RunEvent[] = [];
  const saved: RunState[] = [];
  const nodes = threeNodes();
  const opts: RunOptions = {
    steps: mirrorSteps,
    nodes,
    plan,
    remoteFor: lab.lab.remoteFor,
    emit: (e) => events.push(e),
    saveState: async (s) => {
      saved.push(structuredClone(s));
    },
    diagnose: false,
  };
  return { ...lab, opts, events, saved, nodes };
}
