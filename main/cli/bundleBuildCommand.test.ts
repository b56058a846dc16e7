// `kubelab bundle build` is "facts → bundle.build → print": the request it sends, the lines it
// prints from bundle.buildProgress, and Ctrl-C becoming bundle.cancel with exit 130. Machines and
// downloads are canned (recordingOpen); the build itself is tested in main/bundle and on the lab.
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT } from '../../common/bundle/manifest';
import type { Result } from '../../common/contract';
import type { HostFacts } from '../../common/model/facts';
import { guideNodes, guidePlan } from '../../common/plan/presets';
import { capture, recordingOpen, type Canned } from '../../tests/fakes/recordingCliBackend';
import type { EventBus } from '../api/eventBus';
import { saveProject } from '../store/projectFile';
import { runBundleBuild } from './bundleCommand';
import { EXIT_INTERRUPTED } from './cliBackend';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubelab-bundle-build-cli-'));
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

const built: Result<'bundle.build'> = {
  manifest: {
    format: BUNDLE_FORMAT,
    createdAt: '2026-12-07T18:00:00.000Z',
    plan: {
      clusterName: 'kubernetes',
      kubernetesVersion: '1.18.2',
      runtime: 'docker',
      cni: 'flannel',
      mirrorProfile: 'china',
    },
    versions: ['1.18.2'],
    machines: [{ family: 'deb', arch: 'amd64', release: 'ubuntu-focal' }],
    entries: [
      {
        id: 'deb/amd64/kubeadm@1.18.2',
        kind: 'package',
        path: 'packages/deb/amd64/kubeadm_1.18.2-00_amd64.deb',
        bytes: 2048,
        sha256: 'a'.repeat(64),
        forVersions: ['1.18.2'],
      },
    ],
  },
  skipped: [],
  fileBytes: 4608,
};

/** recordingOpen, keeping the back end's bus so a canned build can emit its events. */
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

const nodesFacts: Canned['nodes.facts'] = ({ ids }) => ({
  results: ids.map((id) => ({ nodeId: id, facts: facts(id) })),
});

describe('kubelab bundle build', () => {
  it('sends bundle.build with the absolute path and prints progress and sizes', async () => {
    const rec = withBus((bus) => ({
      'nodes.facts': nodesFacts,
      'bundle.build': () => {
        bus().emit('bundle.buildProgress', {
          kind: 'resolved',
          artifacts: 1,
          knownBytes: 2048,
          unsized: 0,
          skipped: [],
        });
        bus().emit('bundle.buildProgress', {
          kind: 'artifact',
          id: 'deb/amd64/kubeadm@1.18.2',
          state: 'downloading',
          index: 1,
          of: 1,
        });
        return built;
      },
    }));
    const c = capture();
    const code = await runBundleBuild(
      { file, out: 'out/b.tar', plainHttp: ['172.31.220.250:5000'] },
      { io: c.io, open: rec.open },
    );
    expect(code).toBe(0);
    const request = rec.requests.find((r) => r.name === 'bundle.build')?.payload as {
      out: string;
      machines: unknown[];
      plainHttp: string[];
    };
    expect(request.out).toBe(join(process.cwd(), 'out/b.tar'));
    expect(request.machines).toHaveLength(guideNodes().length);
    expect(request.plainHttp).toEqual(['172.31.220.250:5000']);
    const out = c.out.join('');
    expect(out).toContain('1 artifacts to fetch: 2.0 KiB before download\n');
    expect(out).toContain('[1/1] deb/amd64/kubeadm@1.18.2: downloading');
    expect(out).toContain(
      '1 entries (1 packages, 0 images, 0 files), 2.0 KiB of content, file 4.5 KiB',
    );
  });

  it('turns Ctrl-C into bundle.cancel, says where the downloads are kept, exits 130', async () => {
    const signals = new EventEmitter();
    let started: () => void = () => undefined;
    const inFlight = new Promise<void>((r) => (started = r));
    const rec = withBus(() => ({
      'nodes.facts': nodesFacts,
      'bundle.build': () => {
        started();
        return new Promise<Result<'bundle.build'>>(() => undefined);
      },
      'bundle.cancel': () => ({ cancelled: true }),
    }));
    const c = capture();
    const out = join(dir, 'b.tar');
    const code = runBundleBuild({ file, out }, { io: c.io, open: rec.open, signals });
    await inFlight;
    signals.emit('SIGINT');
    expect(await code).toBe(EXIT_INTERRUPTED);
    expect(rec.requests.map((r) => r.name)).toContain('bundle.cancel');
    expect(c.err.join('')).toContain(`downloads kept in ${out}.staging`);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('refuses a file name without .tar, naming -o, before any download', async () => {
    const rec = withBus(() => ({ 'nodes.facts': nodesFacts }));
    const c = capture();
    const code = await runBundleBuild(
      { file, out: join(dir, 'b.zip') },
      { io: c.io, open: rec.open },
    );
    expect(code).toBe(2);
    expect(c.err.join('')).toMatch(/out \(-o\): a file name ending in \.tar/);
  });
});
