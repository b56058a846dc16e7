// A failed install on the practice lab explains itself, and its fix works: `kubelab apply` of the
// modern upstream plan (Kubernetes 1.34, containerd) on the blocked-registry scenario
// (registry.k8s.io, Docker Hub, quay.io, ghcr.io time out) fails at pull-images, and the CLI
// prints the classifier's diagnosis under the failure, with the evidence line it read on the node.
// Then the user does what the diagnosis says — a reachable mirror: the plan's China profile — and
// the same plain `kubelab apply` (a resume of the failed run, which re-checks every finished step
// the new plan renders differently) completes with every node Ready (which is also pull-images from the
// China mirror on 1.34, the case the lab's crictl used to break; see the second test). The two
// tests run in order on one lab. Lab instance 1 (tests/lab/README.md), DIAGNOSIS_LAB_INSTANCE
// overrides it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify } from 'yaml';
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
    // Preflight names the blocked registry first; this test is about the failure's diagnosis.
    const r = run('node', [CLI, 'apply', '-f', 'kubelab.yaml', '--ignore-preflight'], env, dir);
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

  it('blocked registry, fixed as the diagnosis says (the China mirror profile): the install completes', () => {
    // The fix is a plan change, made where a user makes it: the project's plan (the Plan screen
    // writes the same field). Only mirrorProfile changes; the recorded failed run stays.
    const file = join(dir, 'kubelab.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    doc.setIn(['plan', 'mirrorProfile'], 'china');
    writeFileSync(file, doc.toString());
    // A plain apply resumes the failed run, but keeps only the steps the new plan renders the
    // same way: each finished task recorded a fingerprint of its script and environment, so
    // containerd's config (the sandbox image now comes from the mirror) and what follows it are
    // checked again and re-applied, and the CLI says so.
    const r = run('node', [CLI, 'apply', '-f', 'kubelab.yaml'], env, dir);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const onMaster = (cmd: string): string => lab('exec', 'master1', 'bash', '-c', cmd).stdout;
    const nodes = onMaster('kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes');
    expect(nodes.match(/ Ready /g)).toHaveLength(2);
    expect(nodes).not.toMatch(/NotReady/);
    expect(onMaster('grep sandbox_image /etc/containerd/config.toml')).toContain(
      '"registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.10.1"',
    );
    // pull-images passed its own check with the mirror's long repository names: crictl prints
    // them as a tabwriter table (cri-tools cmd/crictl/image.go), so `$1:$2` is the reference.
    const pulled = onMaster('crictl images | awk \'NR > 1 {print $1 ":" $2}\'').split('\n');
    expect(pulled).toContain(
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-controller-manager:v1.34.0',
    );
    expect(pulled).toContain('registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.10.1');
    expect(pulled).toContain('registry.cn-hangzhou.aliyuncs.com/google_containers/etcd:3.6.4-0');
    // The CLI said why it did not keep the failed run's finished steps.
    expect(r.stdout).toMatch(/resuming run r\S+: /);
    expect(r.stdout).toMatch(
      /the plan or the nodes changed since run r\S+: [1-9]\d* finished steps will be checked again/,
    );
    // Re-applied with the mirror, not kept from the failed run (`+` done, not `=` already done).
    expect(r.stdout).toMatch(/\+ master1 +container-runtime +\d/);
    expect(r.stdout).toMatch(/\+ node1 +container-runtime +\d/);
  }, 600_000);
});
