// Issue 22 part 1 on the practice lab: a bundle built from the lab mirror host
// (tests/lab/mirror: Debian's python3 http.server over dpkg-deb-built apt trees and Debian's
// docker-registry with pushed images) through the back end's bundle.build — the request the UI
// and `kubelab bundle build` make —, interrupted with bundle.cancel and resumed from its staging
// folder, then verified by bundle.inspect; a flipped byte is named by its artifact; a mirror that
// serves a .deb whose SHA-256 is not the published one is named and the fallback used. Own lab
// instance (BUNDLE_LAB_INSTANCE, default 30): no lab nodes, only the mirror host on its bridge.
// Needs root (a network namespace).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, writeSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../common/bundle/buildEvents';
import { manifestMachines, manifestPlan } from '../../../common/bundle/forManifest';
import { bundleNeeds } from '../../../common/bundle/needs';
import type { BundleMachine, BundleNeeds } from '../../../common/bundle/schema';
import type { EventPayload, Result } from '../../../common/contract';
import type { ClusterPlan } from '../../../common/model/plan';
import { modernPlan } from '../../../common/plan/presets';
import { dispatch } from '../../../main/api/dispatch';
import { createBackend } from '../../../main/backend';
import { buildBundle } from '../../../main/bundle/buildBundle';
import { FileProjectStore } from '../../../main/store/projectStore';
import { JsonSettingsStore } from '../../../main/store/jsonSettingsStore';
import { MemorySecretStore } from '../../../main/store/secrets';

const REPO = join(import.meta.dirname, '..', '..', '..');
const MIRROR_SH = join(REPO, 'tests', 'lab', 'mirror', 'mirror.sh');
const INSTANCE = process.env.BUNDLE_LAB_INSTANCE ?? '30';
const IP = `172.31.${250 - Number(INSTANCE)}.250`;
const REGISTRY = `${IP}:5000`;
const VERSION = '1.27.16';
const dir = mkdtempSync(join(tmpdir(), 'kubelab-bundle-it-'));

const MACHINE: BundleMachine = {
  nodeId: 'cp1',
  role: 'control-plane',
  osId: 'ubuntu',
  osIdLike: ['debian'],
  osVersion: '22.04',
  arch: 'x86_64',
};

function plan(packages = `http://${IP}/k8s`): ClusterPlan {
  return {
    ...modernPlan(),
    kubernetesVersion: VERSION,
    imageRepository: `${REGISTRY}/google_containers`,
    mirrors: {
      kubernetesPackages: packages,
      dockerCe: `http://${IP}/docker`,
      registries: { 'ghcr.io': REGISTRY },
    },
    cni: { plugin: 'flannel', manifestUrl: `http://${IP}/cni/kube-flannel.yml` },
  };
}

function mirror(...args: string[]): string {
  const r = spawnSync('bash', [MIRROR_SH, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LAB_INSTANCE: INSTANCE },
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`mirror.sh ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function backend(): ReturnType<typeof createBackend> {
  const store = new FileProjectStore();
  store.set({ ...store.get(), plan: plan() });
  return createBackend({
    face: 'cli',
    settingsStore: new JsonSettingsStore(join(dir, 'settings.json')),
    projectStore: store,
    nodes: { secrets: new MemorySecretStore() },
  });
}

beforeAll(() => {
  mirror('down');
  // The images the plan pulls from the mirror: each one's first source, less the registry host.
  const images = bundleNeeds({ plan: plan(), machines: [MACHINE] })
    .artifacts.flatMap((a) => (a.kind === 'image' ? [a.sources[0]?.location ?? ''] : []))
    .map((location) => location.slice(`${REGISTRY}/`.length));
  expect(images).toHaveLength(9);
  expect(mirror('up', VERSION, 'jammy', ...images)).toBe(IP);
}, 150_000);

afterAll(() => {
  mirror('down');
  rmSync(dir, { recursive: true, force: true });
});

describe('bundle build from the lab mirror host', () => {
  const out = join(dir, 'bundle.tar');

  it('is cancelled after its first download, resumes from staging, and inspect verifies it', async () => {
    const { handlers, bus } = backend();
    const events: BuildEvent[] = [];
    let cancelled = false;
    bus.subscribe((name, payload) => {
      if (name !== 'bundle.buildProgress') return;
      const e = payload as EventPayload<'bundle.buildProgress'>;
      events.push(e);
      if (e.kind === 'done' && !cancelled) {
        cancelled = true;
        void dispatch(handlers, 'bundle.cancel', {}, { face: 'cli' });
      }
    });
    const payload = { out, machines: [MACHINE], plainHttp: [REGISTRY] };
    const first = await dispatch(handlers, 'bundle.build', payload, { face: 'cli' });
    expect(first).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.staging`)).toBe(true);
    const firstDone = events.find((e) => e.kind === 'done');

    events.length = 0;
    const second = await dispatch(handlers, 'bundle.build', payload, { face: 'cli' });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    const built = second.value as Result<'bundle.build'>;
    // The artifact finished before the cancel is taken from staging, not downloaded again.
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'artifact', id: firstDone?.id, state: 'reused' }),
    );
    expect(built.skipped).toEqual([]);
    const kinds = built.manifest.entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'package')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'image')).toHaveLength(9);
    expect(kinds.filter((k) => k === 'file')).toHaveLength(1);
    expect(built.manifest.entries.find((e) => e.id.includes('kubeadm@'))?.version).toBe(
      `${VERSION}-1.1`,
    );
    expect(events.at(-1)).toMatchObject({ kind: 'written', path: out, fileBytes: built.fileBytes });
    expect(existsSync(`${out}.staging`)).toBe(false);

    const inspected = await dispatch(handlers, 'bundle.inspect', { path: out }, { face: 'cli' });
    expect(inspected).toMatchObject({ ok: true, value: { ok: true } });
  }, 120_000);

  it('names the artifact a flipped byte falls in', async () => {
    const { handlers } = backend();
    const good = await dispatch(handlers, 'bundle.inspect', { path: out }, { face: 'cli' });
    if (!good.ok) throw new Error(good.error.message);
    const manifest = (good.value as Result<'bundle.inspect'>).manifest;
    // The end of the file: 1 KiB of end blocks, then the last entry's padding and data.
    const last = manifest.entries.at(-1);
    expect(last?.bytes).toBeGreaterThan(0);
    const fileBytes = (good.value as Result<'bundle.inspect'>).fileBytes;
    const pad = (512 - ((last?.bytes ?? 0) % 512)) % 512;
    const fd = openSync(out, 'r+');
    writeSync(fd, Buffer.from([0x21]), 0, 1, fileBytes - 1024 - pad - 1);
    closeSync(fd);
    const bad = await dispatch(handlers, 'bundle.inspect', { path: out }, { face: 'cli' });
    if (!bad.ok) throw new Error(bad.error.message);
    const checks = (bad.value as Result<'bundle.inspect'>).checks;
    expect(checks.filter((c) => c.state !== 'ok').map((c) => [c.id, c.state])).toEqual([
      [last?.id, 'corrupt'],
    ]);
  });

  it('names the mirror serving a wrong SHA-256 and takes the fallback', async () => {
    // The plan's mirror is the wrong one; the next repository stands for a fallback profile,
    // here the mirror host's good tree (the real profiles are not reachable from the lab).
    const wrong = bundleNeeds({ plan: plan(`http://${IP}/bad/k8s`), machines: [MACHINE] });
    const needs: BundleNeeds = {
      ...wrong,
      artifacts: wrong.artifacts
        .filter((a) => a.kind === 'package')
        .map((a) =>
          a.kind === 'package' && a.repositories[0]?.url.includes('/bad/k8s')
            ? {
                ...a,
                repositories: [
                  a.repositories[0],
                  {
                    profile: 'fallback',
                    url: `http://${IP}/k8s/v1.27/deb/`,
                    index: `http://${IP}/k8s/v1.27/deb/Packages`,
                  },
                ],
              }
            : a,
        ),
    };
    const events: BuildEvent[] = [];
    const result = await buildBundle({
      needs,
      plan: manifestPlan(plan()),
      machines: manifestMachines([MACHINE]),
      out: join(dir, 'fallback.tar'),
      staging: join(dir, 'fallback.staging'),
      onEvent: (e) => events.push(e),
    });
    const kubelet = events.find(
      (e): e is Extract<BuildEvent, { kind: 'done' }> =>
        e.kind === 'done' && e.id.includes('/kubelet@'),
    );
    expect(kubelet?.source.profile).toBe('fallback');
    expect(kubelet?.failures).toHaveLength(1);
    expect(kubelet?.failures[0]?.source.location).toContain('/bad/k8s/');
    expect(kubelet?.failures[0]?.error).toMatch(/SHA-256 [0-9a-f]{64}, the source publishes/);
    const others = events.filter((e) => e.kind === 'done' && !e.id.includes('/kubelet@'));
    expect(others.every((e) => e.kind === 'done' && e.failures.length === 0)).toBe(true);
    expect(result.manifest.entries.find((e) => e.id.includes('/kubelet@'))?.source?.profile).toBe(
      'fallback',
    );
  }, 60_000);
});
