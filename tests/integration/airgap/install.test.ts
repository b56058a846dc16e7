// Issue 22 end to end on the practice lab: machines without internet (plan.offline) installed from
// the bundle. The lab's `airgap` scenario has nodes the mirror host (tests/lab/mirror) and its
// registry refuse while this machine still reaches them. `kubelab bundle build` downloads the
// plan's packages, images and CNI manifest from the mirror on this machine, `kubelab bundle push`
// sends each node its share, `kubelab apply` installs offline (bundle-repo, import-images, the
// offline preflight first), `kubelab verify` passes, and the mirror's HTTP log shows no request
// from a node. One install for every case. Instance: KUBELAB_AIRGAP_LAB (default 43); the mirror
// joins the same instance's bridge. Needs root (network namespaces).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { labSuite, REPO, run } from '../labSuite';

const INSTANCE = process.env.KUBELAB_AIRGAP_LAB ?? '43';
const suite = labSuite({
  name: 'airgap-install',
  instanceVar: 'KUBELAB_AIRGAP_LAB',
  defaultInstance: '43',
});
const { root, project, kubelab, lab, onNode } = suite;
const MIRROR_SH = join(REPO, 'tests', 'lab', 'mirror', 'mirror.sh');
const IP = `172.31.${250 - Number(INSTANCE)}.250`;
const REGISTRY = `${IP}:5000`;
/**
 * The version and the Ubuntu releases of the airgap scenario's machines (20.04 and 22.04). 1.30+:
 * the lab gives the kubectl package this machine's real kubectl, and from 1.30 on it execs into
 * verify's pods over WebSocket, the one exec protocol the lab's API server speaks (not SPDY).
 */
const VERSION = '1.30.14';
const CODENAME = 'focal,jammy';
const bundle = join(root, 'bundle.tar');
const KEYS = '--accept-new-host-keys';

function mirror(...args: string[]): string {
  const r = run('bash', [MIRROR_SH, ...args], { env: { ...process.env, LAB_INSTANCE: INSTANCE } });
  if (r.code !== 0) throw new Error(`mirror.sh ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

const ok = (r: { code: number; stdout: string; stderr: string }): void =>
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);

/** The guide's machines (not the one added later), the plan offline, its sources the mirror. */
function offlinePlanProject(): { nodes: string[] } {
  const doc = parse(readFileSync(project, 'utf8')) as {
    nodes: { name: string }[];
    plan: Record<string, unknown>;
  };
  doc.nodes = doc.nodes.filter((n) => n.name !== 'node3');
  doc.plan = {
    ...doc.plan,
    offline: true,
    kubernetesVersion: VERSION,
    runtime: 'containerd',
    imageRepository: `${REGISTRY}/google_containers`,
    mirrors: {
      kubernetesPackages: `http://${IP}/k8s`,
      dockerCe: `http://${IP}/docker`,
      // docker.io: verify's test image (busybox), which an offline bundle carries.
      registries: { 'ghcr.io': REGISTRY, 'docker.io': REGISTRY },
    },
    cni: { plugin: 'flannel', manifestUrl: `http://${IP}/cni/kube-flannel.yml` },
  };
  writeFileSync(project, stringify(doc));
  return { nodes: doc.nodes.map((n) => n.name) };
}

let nodes: string[] = [];

beforeAll(() => {
  mirror('down');
  suite.setUp('airgap');
  nodes = offlinePlanProject().nodes;
  // The images the plan names, pushed to the mirror's registry under the names it pulls.
  const plan = kubelab('bundle', 'plan', '--json', KEYS);
  ok(plan);
  const needs = JSON.parse(plan.stdout) as {
    artifacts: { kind: string; sources?: { location: string }[] }[];
  };
  const images = needs.artifacts
    .flatMap((a) => (a.kind === 'image' ? [a.sources?.[0]?.location ?? ''] : []))
    .map((location) => location.slice(`${REGISTRY}/`.length));
  expect(mirror('up', VERSION, CODENAME, ...images)).toBe(IP);
}, 300_000);

afterAll(() => {
  mirror('down');
  expect(suite.tearDown()).toBe(0);
});

describe('air-gapped install of the guide’s machines from a pushed bundle', () => {
  it('the nodes cannot reach the mirror this machine builds from', () => {
    for (const node of nodes) {
      const probe = lab(
        'exec',
        node,
        'bash',
        '-c',
        `timeout 3 bash -c 'exec 3<>/dev/tcp/${IP}/80'`,
      );
      expect(probe.code, `${node} reached ${IP}`).not.toBe(0);
    }
  });

  it('an offline install before any push is refused by preflight, naming the push', () => {
    const pre = kubelab('preflight', KEYS);
    expect(pre.code).not.toBe(0);
    expect(pre.stdout + pre.stderr).toContain('push the bundle first (kubelab bundle push)');
  }, 180_000);

  it('builds the bundle on this machine and pushes it to every node', () => {
    ok(kubelab('bundle', 'build', '-o', bundle, '--plain-http', REGISTRY, KEYS));
    expect(existsSync(bundle)).toBe(true);
    ok(kubelab('bundle', 'push', bundle, KEYS));
    for (const node of nodes) {
      expect(onNode(node, 'test -f /var/lib/kubelab/bundle/manifest.json && echo yes')).toBe(
        'yes\n',
      );
    }
  }, 300_000);

  it('installs offline: bundle-repo and import-images, no pull, no mirror repository', () => {
    const plan = kubelab('plan');
    ok(plan);
    expect(plan.stdout).toContain('Machines without internet (plan.offline)');
    // The dry run's task lines (`<node>  <step>`): imports on every node, no pull anywhere.
    expect(plan.stdout.match(/^\S+\s+import-images/gm)).toHaveLength(nodes.length);
    expect(plan.stdout).not.toMatch(/^\S+\s+pull-images/m);
    expect(plan.stdout).toContain(
      'deb: kubelet, kubeadm, kubectl resolved from file:/var/lib/kubelab/bundle/apt',
    );
    const apply = kubelab('apply', KEYS);
    ok(apply);
    const out = apply.stdout + apply.stderr;
    expect(out).toContain('bundle-repo');
    expect(out).toContain('import-images');
    for (const node of nodes) {
      // apt reads the bundle's list only; no online Kubernetes or Docker list was written.
      expect(onNode(node, 'ls /etc/apt/sources.list.d/')).toContain('kubelab-bundle.list');
      expect(onNode(node, 'ls /etc/apt/sources.list.d/')).not.toMatch(
        /^(kubernetes|docker)\.list$/m,
      );
      expect(onNode(node, 'crictl images')).toContain(`${REGISTRY}/google_containers/pause`);
    }
  }, 300_000);

  it('verify passes on the offline cluster', () => {
    const verify = kubelab('verify');
    ok(verify);
  }, 180_000);

  it('no node contacted the mirror: its HTTP log has this machine’s requests only', () => {
    const log = readFileSync(`/run/kubelab-mirror${INSTANCE}/http.log`, 'utf8');
    const clients = new Set(
      log
        .split('\n')
        .map((l) => /^(\d+\.\d+\.\d+\.\d+) - - \[/.exec(l)?.[1])
        .filter((ip): ip is string => ip !== undefined),
    );
    expect(clients.size).toBeGreaterThan(0); // the build's requests are there
    expect([...clients]).toEqual([`172.31.${250 - Number(INSTANCE)}.1`]);
  });
});
