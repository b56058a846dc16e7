// A failed install on the practice lab explains itself: `kubelab apply` of the modern upstream
// plan on the blocked-registry scenario (registry.k8s.io, Docker Hub, quay.io, ghcr.io time out)
// fails at pull-images, and the CLI prints the classifier's diagnosis under the failure, with the
// evidence line it read on the node. Lab instance 1 (tests/lab/README.md), DIAGNOSIS_LAB_INSTANCE
// overrides it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { REPO, run } from './helpers';

const ENV = { ...process.env, LAB_INSTANCE: process.env.DIAGNOSIS_LAB_INSTANCE ?? '1' };
const OUT = join(REPO, 'node_modules', '.cache', 'kubelab-diag');
const CLI = join(OUT, 'cli.cjs');
const lab = (...args: string[]): ReturnType<typeof run> =>
  run('bash', [join(REPO, 'tests', 'lab', 'lab.sh'), ...args], ENV);

let dir = '';
let env: NodeJS.ProcessEnv = {};

beforeAll(() => {
  const b = run(
    'npx',
    ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'],
    { ...process.env, KUBELAB_IT_OUT: OUT },
    REPO,
  );
  if (b.code !== 0) throw new Error(`building the CLI failed:\n${b.stdout}\n${b.stderr}`);
  lab('down');
  const up = lab('up', 'blocked-registry');
  if (up.code !== 0) throw new Error(`lab up failed: ${up.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'kubelab-it-diagnosis-'));
  mkdirSync(join(dir, 'config'));
  env = { ...process.env, KUBELAB_CONFIG_DIR: join(dir, 'config'), LANG: 'C' };
  // The scenario's project, with the modern upstream plan: images from registry.k8s.io.
  const project = parse(lab('project').stdout) as { plan: Record<string, unknown> };
  const advertiseAddress = project.plan.advertiseAddress;
  project.plan = {
    clusterName: 'kubernetes',
    kubernetesVersion: '1.34.0',
    runtime: 'containerd',
    mirrorProfile: 'upstream',
    mirrors: {},
    advertiseAddress,
    bindPort: 6443,
    podCidr: '10.244.0.0/16',
    serviceCidr: '10.96.0.0/12',
    dnsDomain: 'cluster.local',
    cni: { plugin: 'flannel' },
    controlPlaneMode: 'static-pod',
    ignorePreflightErrors: [],
    firewall: 'open-ports',
  };
  writeFileSync(join(dir, 'kubelab.yaml'), stringify(project));
}, 300_000);

afterAll(() => {
  lab('down');
});

describe('a failed install names its cause', () => {
  it('blocked registry: pull-images fails and the CLI prints the image-pull diagnosis', () => {
    const r = run('node', [CLI, 'apply', '-f', 'kubelab.yaml'], env, dir);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    const lines = r.stdout.split('\n');
    const failure = lines.findIndex((l) => /x master1 +pull-images/.test(l));
    expect(failure, r.stdout).toBeGreaterThanOrEqual(0);
    const diagnosis = lines.indexOf(
      '    diagnosis: Image pulls are blocked [image-pull-blocked]',
      failure,
    );
    expect(diagnosis, r.stdout).toBeGreaterThan(failure);
    expect(lines[diagnosis + 1]).toMatch(/^ {4}evidence \(.+, line \d+\): .*registry\.k8s\.io/);
    expect(lines[diagnosis + 3]).toMatch(/^ {4}fix: Use a reachable mirror/);
    // The fix is a plan change (a mirror), not a command on the node: nothing to run for it.
    expect(lines[diagnosis + 4] ?? '').not.toMatch(/automatic fix/);
    // The recorded run carries it too (install.state, the report).
    const saved = readFileSync(join(dir, 'kubelab.yaml'), 'utf8');
    expect(saved).toContain('signatureId: image-pull-blocked');
  }, 300_000);
});
