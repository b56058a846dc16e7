// Issue 22 part 1 on the practice lab: a bundle built from the lab mirror host (as
// tests/integration/bundle does) is pushed by bundle.push — the request the Push panel and
// `kubelab bundle push` make — to a two-node lab whose nodes have no route to the mirror (the
// mirror is on another instance's bridge). The first push is cancelled after its first file and
// the second resumes without sending again what the nodes hold; each node then checks every file
// against the manifest with sha256sum -c. Instances: BUNDLE_PUSH_LAB_INSTANCE (default 35) for the
// nodes, BUNDLE_PUSH_MIRROR_INSTANCE (default 36) for the mirror. Needs root (network namespaces).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleMachine } from '../../../common/bundle/fromFacts';
import { bundleNeeds } from '../../../common/bundle/needs';
import type { PushEvent } from '../../../common/bundle/pushEvents';
import { NODE_BUNDLE_DIR } from '../../../common/bundle/pushSelection';
import type { BundleMachine } from '../../../common/bundle/schema';
import type { EventPayload, RequestName, Result } from '../../../common/contract';
import type { ClusterPlan } from '../../../common/model/plan';
import type { Project } from '../../../common/model/project';
import { dispatch } from '../../../main/api/dispatch';
import { createBackend } from '../../../main/backend';
import { FileProjectStore } from '../../../main/store/projectStore';
import { parseProject } from '../../../main/store/projectFile';
import { JsonSettingsStore } from '../../../main/store/jsonSettingsStore';
import { MemorySecretStore } from '../../../main/store/secrets';
import { composeScript } from '../../../main/steps/scriptStep';
import bundleRepoScript from '../../../main/steps/scripts/bundle-repo.sh?raw';

const REPO = join(import.meta.dirname, '..', '..', '..');
const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
const MIRROR_SH = join(REPO, 'tests', 'lab', 'mirror', 'mirror.sh');
const SCENARIO = join(import.meta.dirname, 'two-nodes.yaml');
const LAB = process.env.BUNDLE_PUSH_LAB_INSTANCE ?? '35';
const MIRROR = process.env.BUNDLE_PUSH_MIRROR_INSTANCE ?? '36';
const IP = `172.31.${250 - Number(MIRROR)}.250`;
const REGISTRY = `${IP}:5000`;
const VERSION = '1.27.16';
const NODES = ['cp1', 'worker1'];
const dir = mkdtempSync(join(tmpdir(), 'kubelab-bundle-push-it-'));
const bundle = join(dir, 'bundle.tar');

function sh(script: string, args: string[], instance: string): string {
  const r = spawnSync('bash', [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LAB_INSTANCE: instance, LAB_SUBNET: '', LAB_STATE: '', LAB_BRIDGE: '' },
    timeout: 150_000,
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const lab = (...args: string[]): string => sh(LAB_SH, args, LAB);
const mirror = (...args: string[]): string => sh(MIRROR_SH, args, MIRROR).trim();

function plan(base: ClusterPlan): ClusterPlan {
  return {
    ...base,
    kubernetesVersion: VERSION,
    runtime: 'containerd',
    imageRepository: `${REGISTRY}/google_containers`,
    mirrors: {
      kubernetesPackages: `http://${IP}/k8s`,
      dockerCe: `http://${IP}/docker`,
      registries: { 'ghcr.io': REGISTRY },
    },
    cni: { plugin: 'flannel', manifestUrl: `http://${IP}/cni/kube-flannel.yml` },
  };
}

let project: Project;
let backend: ReturnType<typeof createBackend>;
let machines: BundleMachine[];

async function call<N extends RequestName>(name: N, payload: unknown): Promise<Result<N>> {
  const r = await dispatch(backend.handlers, name, payload, { face: 'cli' });
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as Result<N>;
}

beforeAll(async () => {
  mirror('down');
  lab('down');
  lab('up', SCENARIO);
  const parsed = parseProject(lab('project'));
  project = {
    ...parsed,
    nodes: parsed.nodes.filter((n) => NODES.includes(n.name)),
    plan: plan(parsed.plan),
  };
  backend = createBackend({
    face: 'cli',
    settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
    projectStore: new FileProjectStore(project),
    nodes: { secrets: new MemorySecretStore() },
  });
  const { results } = await call('nodes.facts', { ids: project.nodes.map((n) => n.id) });
  machines = results.map((r) => {
    const node = project.nodes.find((n) => n.id === r.nodeId);
    if (!('facts' in r) || !node) throw new Error(`${r.nodeId}: no facts`);
    return bundleMachine(node, r.facts);
  });
  const images = bundleNeeds({ plan: project.plan, machines })
    .artifacts.flatMap((a) => (a.kind === 'image' ? [a.sources[0]?.location ?? ''] : []))
    .map((location) => location.slice(`${REGISTRY}/`.length));
  expect(mirror('up', VERSION, 'jammy', ...images)).toBe(IP);
  await call('bundle.build', { out: bundle, machines, plainHttp: [REGISTRY] });
}, 170_000);

afterAll(() => {
  backend?.nodes.close();
  mirror('down');
  lab('down');
  rmSync(dir, { recursive: true, force: true });
});

describe('bundle push to nodes with no route to any mirror', () => {
  it('the nodes cannot reach the mirror the bundle was built from', () => {
    for (const node of NODES) {
      const probe = spawnSync(
        'bash',
        [LAB_SH, 'exec', node, 'bash', '-c', `timeout 3 bash -c 'exec 3<>/dev/tcp/${IP}/80'`],
        { encoding: 'utf8', env: { ...process.env, LAB_INSTANCE: LAB } },
      );
      expect(probe.status, `${node} reached ${IP}`).not.toBe(0);
    }
  });

  it('is cancelled after a first file, resumes without re-sending, and every node verifies', async () => {
    const events: PushEvent[] = [];
    let cancelled = false;
    const stop = backend.bus.subscribe((name, payload) => {
      if (name !== 'bundle.pushProgress') return;
      const e = payload as EventPayload<'bundle.pushProgress'>;
      events.push(e);
      if (e.kind === 'artifact' && e.state === 'sent' && !cancelled) {
        cancelled = true;
        void dispatch(backend.handlers, 'bundle.pushCancel', {}, { face: 'cli' });
      }
    });
    // 4 MiB/s for both nodes: the cancel lands while the rest is still on the way.
    const payload = { path: bundle, machines, bandwidthLimit: 4 << 20 };
    const first = await dispatch(backend.handlers, 'bundle.push', payload, { face: 'cli' });
    expect(first).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const sentFirst = events.flatMap((e) =>
      e.kind === 'artifact' && e.state === 'sent' ? [`${e.nodeId} ${e.id}`] : [],
    );
    expect(sentFirst.length).toBeGreaterThan(0);

    events.length = 0;
    const second = await call('bundle.push', payload);
    stop();
    expect(second.ok).toBe(true);
    const sentSecond = events.flatMap((e) =>
      e.kind === 'artifact' && e.state === 'sent' ? [`${e.nodeId} ${e.id}`] : [],
    );
    // What the first push finished is found whole on the node and not sent again.
    for (const s of sentFirst) expect(sentSecond).not.toContain(s);
    const total = second.nodes.reduce((n, r) => n + r.present, 0);
    expect(total).toBeGreaterThanOrEqual(sentFirst.length);
    for (const r of second.nodes) {
      expect(r).toMatchObject({ ok: true, family: 'deb', arch: 'amd64', release: 'ubuntu-jammy' });
      expect(r.verified).toBe(r.artifacts);
      // The offline preflight's desktop half: the bundle holds everything the plan needs here.
      expect(r.missing).toEqual([]);
      expect(r.artifacts).toBe(16);
    }
    expect(second.nodes.map((r) => r.nodeId).sort()).toEqual(project.nodes.map((n) => n.id).sort());
    // Checked independently on each node: every file against the manifest's sums.
    for (const node of NODES) {
      const out = lab(
        'exec',
        node,
        'bash',
        '-c',
        `cd ${NODE_BUNDLE_DIR} && sha256sum -c SHA256SUMS`,
      );
      expect(out.trim().split('\n')).toHaveLength(16);
      expect(out).not.toMatch(/FAILED/);
    }
  }, 120_000);

  it('bundle-repo makes a flat apt repository that Debian’s real apt resolves the pinned version from', async () => {
    const run = (mode: string) =>
      backend.nodes.remote(project.nodes[0]?.id ?? '').exec(composeScript(bundleRepoScript), {
        root: true,
        env: { KL_MODE: mode, KL_STEP: 'bundle-repo', BUNDLE_DIR: NODE_BUNDLE_DIR },
      });
    expect((await run('check')).code).toBe(100);
    const applied = await run('apply');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(lab('exec', NODES[0] ?? '', 'cat', '/etc/apt/sources.list.d/kubelab-bundle.list')).toBe(
      `deb [trusted=yes] file:${NODE_BUNDLE_DIR}/apt ./\n`,
    );
    // The real apt (not the lab's apt-get imitation on PATH), reading only the bundle's list into
    // a scratch folder (a lab node's /tmp is this machine's); as root throughout, since the
    // scratch folder is not one apt's _apt sandbox user may write (apt.conf(5) APT::Sandbox::User).
    const scratch = join(dir, 'apt');
    const apt = [
      '-o APT::Sandbox::User=root',
      '-o Dir::Etc::SourceList=/etc/apt/sources.list.d/kubelab-bundle.list',
      '-o Dir::Etc::SourceParts=/nonexistent',
      `-o Dir::State::Lists=${scratch}/lists`,
      `-o Dir::Cache=${scratch}/cache`,
    ].join(' ');
    const policy = lab(
      'exec',
      NODES[0] ?? '',
      'bash',
      '-c',
      `mkdir -p ${scratch}/lists/partial ${scratch}/cache/archives/partial && /usr/bin/apt-get -q ${apt} update >/dev/null 2>&1 && /usr/bin/apt-cache ${apt} policy kubeadm`,
    );
    expect(policy).toContain(`${VERSION}-1.1`);
    expect(policy).toContain(`file:${NODE_BUNDLE_DIR}/apt ./ Packages`);
  });
});
