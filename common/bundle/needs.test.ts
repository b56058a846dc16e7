import { describe, expect, it } from 'vitest';
import { guidePlan, modernPlan } from '../plan/presets';
import { bundleNeeds } from './needs';
import type { Artifact, BundleMachine, ImageArtifact, PackageArtifact } from './schema';

const ubuntu = (nodeId: string, version = '20.04'): BundleMachine => ({
  nodeId,
  role: nodeId === 'master1' ? 'control-plane' : 'worker',
  osId: 'ubuntu',
  osIdLike: ['debian'],
  osVersion: version,
  arch: 'x86_64',
});
const rocky = (nodeId: string): BundleMachine => ({
  nodeId,
  role: 'worker',
  osId: 'rocky',
  osIdLike: ['rhel', 'centos', 'fedora'],
  osVersion: '9.4',
  arch: 'x86_64',
});

function packages(list: Artifact[]): PackageArtifact[] {
  return list.filter((a): a is PackageArtifact => a.kind === 'package');
}
function images(list: Artifact[]): ImageArtifact[] {
  return list.filter((a): a is ImageArtifact => a.kind === 'image');
}
function pkg(list: Artifact[], id: string): PackageArtifact {
  const found = packages(list).find((a) => a.id === id);
  if (!found)
    throw new Error(
      `no ${id} in ${packages(list)
        .map((a) => a.id)
        .join(', ')}`,
    );
  return found;
}

describe('bundleNeeds: the guide plan (1.18.2, Docker, flannel, Aliyun)', () => {
  const needs = bundleNeeds({
    plan: guidePlan(),
    machines: [ubuntu('master1'), ubuntu('node1'), ubuntu('node2')],
  });

  it('lists the packages once for three identical machines', () => {
    expect(needs.errors).toEqual([]);
    expect(packages(needs.artifacts).map((a) => a.id)).toEqual([
      'deb/amd64/kubelet@1.18.2',
      'deb/amd64/kubeadm@1.18.2',
      'deb/amd64/kubectl@1.18.2',
      'deb/amd64/cri-tools@kubeadm-1.18.2',
      'deb/amd64/kubernetes-cni@kubeadm-1.18.2',
      'deb/amd64/docker-ce@ubuntu-focal:19.03<',
      'deb/amd64/docker-ce-cli@ubuntu-focal:19.03<',
      'deb/amd64/containerd.io@ubuntu-focal:<2.0',
    ]);
  });

  it('reads 1.18 packages from Aliyun’s legacy apt repository only (upstream’s is gone)', () => {
    expect(pkg(needs.artifacts, 'deb/amd64/kubeadm@1.18.2').repositories).toEqual([
      {
        profile: 'plan',
        url: 'https://mirrors.aliyun.com/kubernetes/apt/',
        index:
          'https://mirrors.aliyun.com/kubernetes/apt/dists/kubernetes-xenial/main/binary-amd64/Packages',
      },
    ]);
  });

  it('takes Docker 19.03 from Aliyun with Docker’s own repository as fallback', () => {
    const docker = pkg(needs.artifacts, 'deb/amd64/docker-ce@ubuntu-focal:19.03<');
    expect(docker.series).toBe('19.03');
    expect(docker.repositories.map((r) => r.index)).toEqual([
      'https://mirrors.aliyun.com/docker-ce/linux/ubuntu/dists/focal/stable/binary-amd64/Packages',
      'https://download.docker.com/linux/ubuntu/dists/focal/stable/binary-amd64/Packages',
    ]);
  });

  it('holds kubeadm’s seven images under the guide’s repository, k8s.gcr.io as fallback', () => {
    const list = images(needs.artifacts);
    expect(list.map((a) => a.image)).toEqual([
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-apiserver:v1.18.2',
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-controller-manager:v1.18.2',
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-scheduler:v1.18.2',
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-proxy:v1.18.2',
      'registry.cn-hangzhou.aliyuncs.com/google_containers/coredns:1.6.7',
      'registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.2',
      'registry.cn-hangzhou.aliyuncs.com/google_containers/etcd:3.4.3-0',
      'quay.io/coreos/flannel:v0.14.0',
    ]);
    expect(list[0]?.sources.map((s) => s.location)).toEqual([
      'registry.cn-hangzhou.aliyuncs.com/google_containers/kube-apiserver:v1.18.2',
      'k8s.gcr.io/kube-apiserver:v1.18.2',
    ]);
    expect(list[7]?.sources.map((s) => s.location)).toEqual([
      'quay.m.daocloud.io/coreos/flannel:v0.14.0',
      'quay.io/coreos/flannel:v0.14.0',
    ]);
  });

  it('carries flannel v0.14.0’s manifest', () => {
    const manifest = needs.artifacts.find((a) => a.kind === 'file');
    expect(manifest).toMatchObject({
      id: 'cni/flannel@v0.14.0',
      sources: [
        {
          location:
            'https://raw.githubusercontent.com/flannel-io/flannel/v0.14.0/Documentation/kube-flannel.yml',
        },
      ],
    });
  });
});

describe('bundleNeeds: a modern plan (containerd, calico, upstream)', () => {
  const plan = { ...modernPlan(), kubernetesVersion: '1.35.0', cni: { plugin: 'calico' as const } };
  const needs = bundleNeeds({ plan, machines: [ubuntu('master1', '24.04')] });

  it('reads pkgs.k8s.io’s flat v1.35 repository, Aliyun’s copy as fallback', () => {
    expect(needs.errors).toEqual([]);
    expect(
      pkg(needs.artifacts, 'deb/amd64/kubelet@1.35.0').repositories.map((r) => r.index),
    ).toEqual([
      'https://pkgs.k8s.io/core:/stable:/v1.35/deb/Packages',
      'https://mirrors.aliyun.com/kubernetes-new/core/stable/v1.35/deb/Packages',
    ]);
  });

  it('installs only containerd.io, with no cap past 1.30', () => {
    const runtime = packages(needs.artifacts).filter((a) => a.why.en.includes('Docker CE'));
    expect(runtime.map((a) => [a.name, a.below, a.series])).toEqual([
      ['containerd.io', undefined, undefined],
    ]);
  });

  it('lists registry.k8s.io images, then calico’s three from Docker Hub', () => {
    const list = images(needs.artifacts).map((a) => a.image);
    expect(list).toContain('registry.k8s.io/pause:3.10.1');
    expect(list.slice(-3)).toEqual([
      'docker.io/calico/cni:v3.33.0',
      'docker.io/calico/node:v3.33.0',
      'docker.io/calico/kube-controllers:v3.33.0',
    ]);
    const node = images(needs.artifacts).find((a) => a.image === 'docker.io/calico/node:v3.33.0');
    expect(node?.sources.map((s) => s.location)).toEqual([
      'docker.io/calico/node:v3.33.0',
      'docker.m.daocloud.io/calico/node:v3.33.0',
    ]);
  });
});

describe('bundleNeeds: mixed Ubuntu and Rocky machines', () => {
  const plan = { ...modernPlan(), kubernetesVersion: '1.30.2' };
  const needs = bundleNeeds({
    plan,
    machines: [ubuntu('master1', '22.04'), rocky('node1'), rocky('node2')],
  });

  it('bundles each family once, rpm from the per-minor rpm repository and Docker’s el9 tree', () => {
    expect(needs.errors).toEqual([]);
    const ids = packages(needs.artifacts).map((a) => a.id);
    expect(ids.filter((id) => id.startsWith('deb/'))).toHaveLength(6);
    expect(ids.filter((id) => id.startsWith('rpm/'))).toHaveLength(6);
    expect(pkg(needs.artifacts, 'rpm/x86_64/kubeadm@1.30.2').repositories[0]?.index).toBe(
      'https://pkgs.k8s.io/core:/stable:/v1.30/rpm/repodata/repomd.xml',
    );
    expect(pkg(needs.artifacts, 'rpm/x86_64/containerd.io@el9:<').repositories[0]?.index).toBe(
      'https://download.docker.com/linux/centos/9/x86_64/stable/repodata/repomd.xml',
    );
  });

  it('names the machine whose OS it cannot bundle for', () => {
    const bad = bundleNeeds({
      plan,
      machines: [ubuntu('master1', '22.04'), { ...rocky('node1'), osId: 'arch', osIdLike: [] }],
    });
    expect(bad.artifacts).toEqual([]);
    expect(bad.errors).toEqual([
      expect.objectContaining({
        field: 'machines.1.osId',
        message: expect.stringContaining('node1'),
      }),
    ]);
  });
});

describe('bundleNeeds: a planned upgrade', () => {
  it('adds every hop’s packages and images, and Docker’s 20.10 series from 1.21', () => {
    const needs = bundleNeeds({
      plan: guidePlan(),
      machines: [ubuntu('master1'), ubuntu('node1')],
      upgradeTo: '1.21',
    });
    expect(needs.errors).toEqual([]);
    expect(needs.versions).toEqual(['1.18.2', '1.19.16', '1.20.15', '1.21.14']);
    const kubeadms = packages(needs.artifacts).filter((a) => a.name === 'kubeadm');
    expect(kubeadms.map((a) => a.version)).toEqual(['1.18.2', '1.19.16', '1.20.15', '1.21.14']);
    const dockers = packages(needs.artifacts).filter((a) => a.name === 'docker-ce');
    expect(dockers.map((a) => [a.series, a.forVersions])).toEqual([
      ['19.03', ['1.18.2', '1.19.16', '1.20.15']],
      ['20.10', ['1.21.14']],
    ]);
  });
});

describe('bundleNeeds: kubelab verify’s test image', () => {
  const machines = [ubuntu('master1'), ubuntu('node1')];
  const ids = (offline: boolean | undefined): string[] =>
    images(bundleNeeds({ plan: { ...guidePlan(), offline }, machines }).artifacts).map((a) => a.id);

  it('is carried for a plan whose machines have no internet, under its own name', () => {
    const all = images(
      bundleNeeds({ plan: { ...guidePlan(), offline: true }, machines }).artifacts,
    );
    const busybox = all.find((a) => a.image === 'docker.io/library/busybox:1.28');
    expect(busybox?.id).toBe('image/docker.io/library/busybox:1.28');
    // The plan's Docker Hub mirror first, Docker Hub itself last.
    expect(busybox?.sources.at(-1)?.location).toBe('docker.io/library/busybox:1.28');
    expect(busybox?.sources.length).toBeGreaterThan(1);
  });

  it('is left out online (the pods pull it through the mirror)', () => {
    expect(ids(undefined)).not.toContain('image/docker.io/library/busybox:1.28');
    expect(ids(false)).not.toContain('image/docker.io/library/busybox:1.28');
    expect(ids(true)).toHaveLength(ids(false).length + 1);
  });
});
