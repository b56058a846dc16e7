import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { guidePlan } from '../../common/plan/presets';
import { loadProject } from '../store/projectFile';
import { runImages, type CliIo } from './imagesCommand';
import { runInit } from './initCommand';

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string): void => {
      io.out += text;
    },
    stderr: (text: string): void => {
      io.err += text;
    },
  };
  return io;
}

/** The guide's `kubeadm config images list --kubernetes-version v1.18.2` output, verbatim. */
const GUIDE_LIST = `k8s.gcr.io/kube-apiserver:v1.18.2
k8s.gcr.io/kube-controller-manager:v1.18.2
k8s.gcr.io/kube-scheduler:v1.18.2
k8s.gcr.io/kube-proxy:v1.18.2
k8s.gcr.io/pause:3.2
k8s.gcr.io/etcd:3.4.3-0
k8s.gcr.io/coredns:1.6.7
`;

describe('kubelab images', () => {
  it('prints exactly what kubeadm config images list printed in the guide', () => {
    const io = capture();
    expect(runImages({ version: '1.18.2' }, io)).toBe(0);
    expect(io.out).toBe(GUIDE_LIST);
    expect(io.err).toBe('');
  });

  it('honours --image-repository and --json', () => {
    const io = capture();
    const repo = 'registry.cn-hangzhou.aliyuncs.com/google_containers';
    expect(runImages({ version: 'v1.18.2', imageRepository: repo, json: true }, io)).toBe(0);
    const out = JSON.parse(io.out) as {
      images: string[];
      imageRepository: string;
      verified: boolean;
    };
    expect(out.imageRepository).toBe(repo);
    expect(out.verified).toBe(true);
    expect(out.images).toContain(`${repo}/coredns:1.6.7`);
  });

  it('refuses unknown versions and bad repositories with a usage status', () => {
    const io = capture();
    expect(runImages({ version: '1.17.3' }, io)).toBe(2);
    expect(runImages({ version: '1.18.2', imageRepository: 'repo;reboot' }, io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/not in the catalog[\s\S]*not an image repository/);
  });

  it('prints no list for a minor past the catalog, saying where the list comes from', () => {
    const io = capture();
    expect(runImages({ version: '1.38.0' }, io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toContain('1.38.0 is newer than the catalog (1.18 to 1.37), so no image list');
  });

  it('notes on stderr when a patch’s list is inferred, and warns past the catalog', () => {
    const io = capture();
    expect(runImages({ version: '1.28.15' }, io)).toBe(0);
    expect(io.err).toMatch(/no published list of 1\.28\.15 was checked; .* inferred/);
    expect(io.out.split('\n')[0]).toBe('registry.k8s.io/kube-apiserver:v1.28.15');
    const past = capture();
    expect(runImages({ version: '1.37.40' }, past)).toBe(0);
    expect(past.err).toMatch(
      /warning: 1\.37\.40 is newer than the catalog's newest 1\.37 release \(1\.37\.2\)/,
    );
    expect(past.out.split('\n')[0]).toBe('registry.k8s.io/kube-apiserver:v1.37.40');
    const quiet = capture();
    expect(runImages({ version: '1.28.11' }, quiet)).toBe(0);
    expect(quiet.err).toBe('');
  });
});

describe('kubelab init', () => {
  it('writes the guide project and refuses to overwrite it without --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-init-'));
    const output = join(dir, 'kubelab.yaml');
    const io = capture();
    expect(await runInit({ fromGuide: true, output }, io)).toBe(0);
    const project = await loadProject(output);
    expect(project.plan).toEqual(guidePlan());
    expect(project.nodes.map((n) => `${n.id}@${n.address}/${n.role}`)).toEqual([
      'master1@192.168.100.111/control-plane',
      'node1@192.168.100.116/worker',
      'node2@192.168.100.117/worker',
    ]);
    const before = await readFile(output, 'utf8');
    const again = capture();
    expect(await runInit({ modern: true, output }, again)).toBe(1);
    expect(again.err).toMatch(/already exists; pass --force/);
    expect(await readFile(output, 'utf8')).toBe(before);
    expect(await runInit({ modern: true, output, force: true }, capture())).toBe(0);
    expect((await loadProject(output)).plan.runtime).toBe('containerd');
  });

  it('builds a project from flags and nodes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-init-'));
    const output = join(dir, 'lab.yaml');
    const io = capture();
    const code = await runInit(
      {
        output,
        name: 'lab',
        kubernetesVersion: 'v1.28',
        mirror: 'china',
        advertiseAddress: '10.0.0.10',
        cni: 'calico',
        node: ['id=cp1,address=10.0.0.10,role=control-plane', 'id=w1,address=10.0.0.11,key=/k'],
      },
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const project = await loadProject(output);
    expect(project.name).toBe('lab');
    expect(project.plan).toMatchObject({
      clusterName: 'lab',
      kubernetesVersion: '1.28.11',
      mirrorProfile: 'china',
      cni: { plugin: 'calico' },
    });
    expect(project.nodes[1]).toMatchObject({
      id: 'w1',
      role: 'worker',
      auth: 'key',
      keyPath: '/k',
    });
  });

  it('writes nothing when the flags make an invalid plan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-init-'));
    const output = join(dir, 'kubelab.yaml');
    await writeFile(output, 'keep me\n');
    const io = capture();
    const code = await runInit(
      {
        fromGuide: true,
        output,
        force: true,
        serviceCidr: '10.10.0.0/16',
        kubernetesVersion: '1.30',
      },
      io,
    );
    expect(code).toBe(1);
    expect(io.err).toMatch(/serviceCidr: .*overlaps podCidr/);
    expect(io.err).toMatch(/runtime: Docker cannot be the runtime for 1\.30\.2/);
    expect(await readFile(output, 'utf8')).toBe('keep me\n');
    expect(await runInit({ output, runtime: 'podman' }, capture())).toBe(2);
  });
});

const builtCli = join(process.cwd(), 'out', 'main', 'cli.js');

describe.skipIf(!existsSync(builtCli))('the built CLI', () => {
  it('node bin/kubelab.js images --version 1.18.2 prints the guide’s list', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(process.cwd(), 'bin', 'kubelab.js'), 'images', '--version', '1.18.2'],
      { timeout: 30_000 },
    );
    expect(stdout).toBe(GUIDE_LIST);
  });
});
