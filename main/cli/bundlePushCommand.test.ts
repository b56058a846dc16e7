// `kubelab bundle push` is "facts → bundle.push → print": the request it sends (only --nodes'
// machines, the absolute path, the cap), the lines it prints from bundle.pushProgress and its exit
// status. The push itself is tested in main/bundle/pushBundle.test.ts and on the lab.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../common/contract';
import type { HostFacts } from '../../common/model/facts';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { capture, recordingOpen, type Canned } from '../../tests/fakes/recordingCliBackend';
import type { EventBus } from '../api/eventBus';
import { saveProject } from '../store/projectFile';
import { parseBandwidth, runBundlePush } from './bundlePushCommand';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-push-cli-'));
  file = join(dir, 'kubelab.yaml');
  await saveProject(file, { schemaVersion: 1, nodes: guideNodes(), plan: guidePlan() });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const facts = (id: string): HostFacts =>
  ({
    nodeId: id,
    os: { id: 'ubuntu', idLike: ['debian'], version: '20.04', prettyName: 'Ubuntu 20.04' },
    arch: 'x86_64',
  }) as HostFacts;

const nodeResult = (nodeId: string, ok: boolean): Result<'bundle.push'>['nodes'][number] => ({
  nodeId,
  ok,
  family: 'deb',
  arch: 'amd64',
  release: 'ubuntu-focal',
  artifacts: 3,
  bytes: 3072,
  sentBytes: ok ? 2048 : 0,
  present: 1,
  resumed: 0,
  verified: ok ? 3 : 0,
  missing: ok ? [] : ['image/registry.k8s.io/pause:3.9'],
  ...(ok ? {} : { error: { code: 'bundle_push_failed', message: 'disk full', nodeId } }),
});

function withBus(canned: (bus: () => EventBus) => Canned): ReturnType<typeof recordingOpen> {
  let bus: EventBus | undefined;
  const rec = recordingOpen(
    canned(() => {
      if (!bus) throw new Error('no back end yet');
      return bus;
    }),
  );
  const open = rec.open;
  rec.open = async (opts) => {
    const cli = await open(opts);
    bus = cli.backend.bus;
    return cli;
  };
  return rec;
}

describe('kubelab bundle push', () => {
  it('sends only --nodes’ machines with the cap, prints each node, exits 1 when one failed', async () => {
    const [first, second] = guideNodes();
    const rec = withBus((bus) => ({
      'nodes.facts': ({ ids }) => ({
        results: ids.map((id) => ({ nodeId: id, facts: facts(id) })),
      }),
      'bundle.push': ({ machines }) => {
        bus().emit('bundle.pushProgress', {
          kind: 'node',
          nodeId: machines[0]?.nodeId ?? '',
          state: 'sending',
          artifacts: 3,
          bytes: 3072,
          present: 1,
        });
        bus().emit('bundle.pushProgress', {
          kind: 'artifact',
          nodeId: machines[0]?.nodeId ?? '',
          id: 'deb/amd64/kubeadm@1.18.2',
          state: 'sent',
          resumedFrom: 1024,
        });
        return {
          ok: false,
          nodes: [nodeResult(first?.id ?? '', true), nodeResult(second?.id ?? '', false)],
        };
      },
    }));
    const c = capture();
    const code = await runBundlePush(
      'b.tar',
      { file, nodes: [first?.name ?? '', second?.name ?? ''], bandwidth: parseBandwidth('2M') },
      { io: c.io, open: rec.open },
    );
    expect(code).toBe(1);
    const request = rec.requests.find((r) => r.name === 'bundle.push')?.payload as {
      path: string;
      machines: { nodeId: string }[];
      bandwidthLimit: number;
    };
    expect(request.path).toBe(join(process.cwd(), 'b.tar'));
    expect(request.machines.map((m) => m.nodeId)).toEqual([first?.id, second?.id]);
    expect(request.bandwidthLimit).toBe(2 * 1024 * 1024);
    const out = c.out.join('');
    expect(out).toContain(`${first?.id}: 3 artifacts, 3.0 KiB; 1 already there\n`);
    expect(out).toContain(`${first?.id}: sent deb/amd64/kubeadm@1.18.2 (continued at 1.0 KiB)\n`);
    expect(out).toContain(
      `${second?.id}: the plan needs what the bundle lacks: image/registry.k8s.io/pause:3.9\n1 of 2 nodes verified; 2.0 KiB sent\n`,
    );
  });

  it('refuses a --nodes name the project does not have, exit 2, nothing sent', async () => {
    const rec = withBus(() => ({}));
    const c = capture();
    const code = await runBundlePush(
      'b.tar',
      { file, nodes: ['nope'] },
      { io: c.io, open: rec.open },
    );
    expect(code).toBe(2);
    expect(c.err.join('')).toContain('--nodes: no node nope in the project');
    expect(rec.requests.some((r) => r.name === 'bundle.push')).toBe(false);
  });

  it('reads --bandwidth as bytes per second', () => {
    expect(parseBandwidth('500K')).toBe(512_000);
    expect(parseBandwidth('1.5m')).toBe(1_572_864);
    expect(parseBandwidth('1000')).toBe(1000);
    expect(() => parseBandwidth('fast')).toThrow(/not a rate/);
    expect(() => parseBandwidth('0')).toThrow(/not a rate/);
  });
});
