// The practice lab's air-gapped side (issue 22), scenario `airgap`: the lab mirror host refuses the
// nodes while the desktop reaches it; a node installs from a local file: repository, imports image
// archives written by kubelab's bundle code with the lab's `ctr -n k8s.io images import`, and
// kubeadm's preflight then needs the network only for an image that was not imported. Lab instance
// AIRGAP_LAB_INSTANCE (default 42); the mirror host is on the same bridge (the subnet's .250).
// Needs root (network namespaces). About 2 minutes, most of it the lab and kubeadm init.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSuite, REPO, run } from '../labSuite';
import { writeImageArchive } from './ociImage';

const suite = labSuite({
  name: 'airgap',
  instanceVar: 'AIRGAP_LAB_INSTANCE',
  defaultInstance: '42',
});
const INSTANCE = process.env.AIRGAP_LAB_INSTANCE ?? '42';
const MIRROR_SH = join(REPO, 'tests', 'lab', 'mirror', 'mirror.sh');
const mirror = (...args: string[]) =>
  run('bash', [MIRROR_SH, ...args], { env: { ...process.env, LAB_INSTANCE: INSTANCE } });
const VERSION = '1.27.16';
const NODE = 'master1';
let ip = '';

beforeAll(() => {
  mirror('down');
  suite.lab('down');
  const up = suite.lab('up', 'airgap');
  if (up.code !== 0) throw new Error(`lab up airgap: ${up.stderr}`);
  const m = mirror('up', VERSION, 'focal');
  if (m.code !== 0) throw new Error(`mirror up: ${m.stderr}`);
  ip = m.stdout.trim();
}, 120_000);

afterAll(() => {
  mirror('down');
  expect(suite.tearDown()).toBe(0);
});

describe('airgap: the nodes cannot reach the mirror, the desktop can', () => {
  it('refuses a node’s connection (a real reset) and serves the desktop', async () => {
    const desktop = await fetch(`http://${ip}/k8s/v1.27/deb/Packages`);
    expect(desktop.status).toBe(200);
    expect(await desktop.text()).toContain('Package: kubeadm');
    for (const node of ['master1', 'node1', 'node2']) {
      const probe = suite.lab(
        'exec',
        node,
        'bash',
        '-c',
        `timeout 5 bash -c 'exec 3<>/dev/tcp/${ip}/80'`,
      );
      expect(probe.code, node).toBe(1);
      expect(probe.stderr, node).toContain('Connection refused');
    }
  });

  it('apt-get update on the mirror fails with apt’s connection refused wording', () => {
    const out = suite.onNode(
      NODE,
      `echo 'deb http://${ip}/k8s/v1.27/deb/ /' > /etc/apt/sources.list.d/mirror.list; apt-get update 2>&1; rm /etc/apt/sources.list.d/mirror.list`,
    );
    expect(out).toContain(
      `  Could not connect to ${ip}:80 (${ip}). - connect (111: Connection refused)`,
    );
    expect(out).toContain(
      `W: Failed to fetch http://${ip}/k8s/v1.27/deb/InRelease  Could not connect to ${ip}:80`,
    );
    // Every repository by name has no DNS here.
    expect(out).toContain("Temporary failure resolving 'archive.ubuntu.com'");
  });
});

describe('airgap: installing from what the desktop brought', () => {
  const repo = join(suite.root, 'repo');
  const images = join(suite.root, 'images');
  let list: string[] = [];

  it('installs the runtime and kubeadm from a local file: repository', async () => {
    mkdirSync(repo, { recursive: true });
    // The desktop fetched the mirror's indexes (a lab node's /tmp is this machine's).
    const k8s = await (await fetch(`http://${ip}/k8s/v1.27/deb/Packages`)).text();
    const docker = await (
      await fetch(`http://${ip}/docker/ubuntu/dists/focal/stable/binary-amd64/Packages`)
    ).text();
    writeFileSync(join(repo, 'Packages'), `${k8s.trimEnd()}\n\n${docker}`);
    const out = suite.onNode(
      NODE,
      [
        `echo 'deb [trusted=yes] file:${repo} ./' > /etc/apt/sources.list.d/kubelab-bundle.list`,
        'apt-get update 2>&1',
        `apt-cache madison kubeadm`,
        `apt-get install -y containerd.io cri-tools kubeadm=${VERSION}-1.1 kubelet=${VERSION}-1.1 kubectl=${VERSION}-1.1 >/dev/null 2>&1`,
        `kubeadm config images list --kubernetes-version v${VERSION}`,
      ].join(' && '),
    );
    expect(out).toContain(`kubeadm | ${VERSION}-1.1 | file:${repo} ./ Packages`);
    list = out.split('\n').filter((l) => l.startsWith('registry.k8s.io/'));
    expect(list).toContain('registry.k8s.io/pause:3.9');
    expect(list.length).toBe(7);
  });

  it('imports every image but etcd; kubeadm preflight errors on etcd alone, then init works offline', async () => {
    mkdirSync(images, { recursive: true });
    const digests = new Map<string, string>();
    for (const [i, image] of list.entries()) {
      const pulled = await writeImageArchive(
        join(suite.root, 'build'),
        image,
        join(images, `${i}.tar`),
      );
      digests.set(image, pulled.manifest.digest);
    }
    const etcd = list.findIndex((i) => i.includes('/etcd:'));
    for (const [i, image] of list.entries()) {
      if (i === etcd) continue;
      const out = suite.onNode(NODE, `ctr -n k8s.io images import ${join(images, `${i}.tar`)}`);
      expect(out).toBe(`unpacking ${image} (${digests.get(image) ?? ''})...done\n`);
    }
    const crictl = suite.onNode(NODE, 'crictl images');
    expect(crictl).toMatch(
      /^registry\.k8s\.io\/kube-apiserver\s+v1\.27\.16\s+[0-9a-f]{13}\s+\S+$/m,
    );
    expect(crictl).not.toContain('etcd');
    // A namespace of its own: what `ctr images import` without -n k8s.io stores, crictl never sees.
    expect(suite.onNode(NODE, 'ctr -n k8s.io images ls -q').trim().split('\n')).toHaveLength(
      list.length - 1,
    );
    expect(suite.onNode(NODE, 'ctr images ls -q')).toBe('');

    // The node as kubelab's container-runtime step leaves it (systemd cgroup driver, kubeadm's
    // "Container Runtimes" page), so the kubelet runs once init has its images.
    const prep =
      "containerd config default | sed 's/SystemdCgroup = false/SystemdCgroup = true/' > /etc/containerd/config.toml && systemctl restart containerd && " +
      'modprobe br_netfilter && sysctl -w net.ipv4.ip_forward=1 >/dev/null && sysctl -w net.bridge.bridge-nf-call-iptables=1 >/dev/null && swapoff -a';
    suite.onNode(NODE, prep);
    const init = `kubeadm init --kubernetes-version v${VERSION} --pod-network-cidr 10.10.0.0/16 --service-cidr 10.20.0.0/16`;
    const missing = suite.lab('exec', NODE, 'bash', '-c', init);
    expect(missing.code).toBe(1);
    const errors = missing.stderr.split('\n').filter((l) => l.includes('[ERROR ImagePull]'));
    expect(errors).toEqual([expect.stringContaining(`failed to pull image ${list[etcd] ?? ''}:`)]);

    // `kubeadm config images pull` always pulls, even what the runtime holds: offline it fails.
    const pull = suite.lab(
      'exec',
      NODE,
      'bash',
      '-c',
      `kubeadm config images pull --kubernetes-version v${VERSION}`,
    );
    expect(pull.code).toBe(1);

    suite.onNode(NODE, `ctr -n k8s.io images import ${join(images, `${etcd}.tar`)}`);
    const ok = suite.lab('exec', NODE, 'bash', '-c', init);
    expect(ok.stderr).not.toContain('ImagePull');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Your Kubernetes control-plane has initialized successfully!');
  }, 120_000);
});
