import type { NodeSpec } from '../../../common/model/node';
import { FakeLab, type FakeRemoteOptions } from '../../../tests/fakes/fakeRemote';
import { CHECK_NEEDED_EXIT } from '../step';

export const TOKEN = 'abcdef.0123456789abcdef';
export const JOIN = `kubeadm join 10.0.0.10:6443 --token ${TOKEN} --discovery-token-ca-cert-hash sha256:00`;

export function node(id: string, role: NodeSpec['role'] = 'worker'): NodeSpec {
  return {
    id,
    name: id,
    address: `10.0.0.${id.length}`,
    port: 22,
    user: 'root',
    auth: 'key',
    role,
    labels: {},
  };
}

export const threeNodes = (): NodeSpec[] => [
  node('master1', 'control-plane'),
  node('worker1'),
  node('worker2'),
];

/**
 * A fake lab whose nodes remember what was applied: `# check:<id>` answers done once
 * `# apply:<id>` ran (exec, or a detached run that exited 0), so re-runs are no-ops.
 */
export function scriptedLab(extra: (nodeId: string) => FakeRemoteOptions = () => ({})): {
  lab: FakeLab;
  applied: Map<string, Set<string>>;
} {
  const applied = new Map<string, Set<string>>();
  const done = (n: string): Set<string> => {
    let s = applied.get(n);
    if (!s) applied.set(n, (s = new Set()));
    return s;
  };
  const lab = new FakeLab((nodeId) => {
    const more = extra(nodeId);
    return {
      latencyMs: more.latencyMs,
      rules: [
        ...(more.rules ?? []),
        {
          match: /# check:([a-z-]+)/,
          reply: (cmd) => ({
            code: done(nodeId).has(/# check:([a-z-]+)/.exec(cmd)?.[1] ?? '')
              ? 0
              : CHECK_NEEDED_EXIT,
          }),
        },
        {
          match: /# apply:([a-z-]+)/,
          reply: (cmd) => {
            done(nodeId).add(/# apply:([a-z-]+)/.exec(cmd)?.[1] ?? '');
            return { stdout: 'applied\n' };
          },
        },
        { match: '# print-join-command', reply: { stdout: `${JOIN}\n` } },
      ],
      detached:
        more.detached ??
        ((ref) => {
          return {
            onExit: () => done(nodeId).add(ref.stepId.replace(/\.\d+$/, '')),
            chunks: ['[init] Using Kubernetes version\n', `token ${TOKEN}\n`, 'done\n'],
            intervalMs: 2,
          };
        }),
    };
  });
  return { lab, applied };
}
