import { describe, expect, it } from 'vitest';
import { kubeadmImages, resolveVersion, sandboxImage, type ResolvedVersion } from './images';
import { KUBERNETES_MINORS } from './kubernetesVersions';

function v(text: string): ResolvedVersion {
  const resolved = resolveVersion(text);
  if (!resolved) throw new Error(`not in catalog: ${text}`);
  return resolved;
}

describe('kubeadmImages', () => {
  it('prints the guide’s list for 1.18.2 (kubeadm config images list --kubernetes-version v1.18.2)', () => {
    expect(kubeadmImages(v('v1.18.2'))).toEqual([
      'k8s.gcr.io/kube-apiserver:v1.18.2',
      'k8s.gcr.io/kube-controller-manager:v1.18.2',
      'k8s.gcr.io/kube-scheduler:v1.18.2',
      'k8s.gcr.io/kube-proxy:v1.18.2',
      'k8s.gcr.io/pause:3.2',
      'k8s.gcr.io/etcd:3.4.3-0',
      'k8s.gcr.io/coredns:1.6.7',
    ]);
  });

  it('uses the guide’s Aliyun repository the way the guide pulled the images', () => {
    const repo = 'registry.cn-hangzhou.aliyuncs.com/google_containers';
    expect(kubeadmImages(v('1.18.2'), repo)).toEqual([
      `${repo}/kube-apiserver:v1.18.2`,
      `${repo}/kube-controller-manager:v1.18.2`,
      `${repo}/kube-scheduler:v1.18.2`,
      `${repo}/kube-proxy:v1.18.2`,
      `${repo}/pause:3.2`,
      `${repo}/etcd:3.4.3-0`,
      `${repo}/coredns:1.6.7`,
    ]);
  });

  it('adds the coredns/ sub-path from 1.21 only for the default repository', () => {
    expect(kubeadmImages(v('1.21.0'))).toContain('k8s.gcr.io/coredns/coredns:v1.8.0');
    expect(kubeadmImages(v('1.21.0'), 'my.repo/sub')).toContain('my.repo/sub/coredns:v1.8.0');
    expect(kubeadmImages(v('1.20.15'))).toContain('k8s.gcr.io/coredns:1.7.0');
    // A repository that is not this patch's default gets no sub-path, even registry.k8s.io.
    expect(kubeadmImages(v('1.22.16'), 'registry.k8s.io')).toContain(
      'registry.k8s.io/coredns:v1.8.4',
    );
  });

  it('switches the default registry at the backported patches (1.22.17, 1.23.15, 1.24.9)', () => {
    expect(kubeadmImages(v('1.22.16'))[0]).toBe('k8s.gcr.io/kube-apiserver:v1.22.16');
    expect(kubeadmImages(v('1.22.17'))[0]).toBe('registry.k8s.io/kube-apiserver:v1.22.17');
    expect(kubeadmImages(v('1.23.14'))).toContain('k8s.gcr.io/etcd:3.5.5-0');
    expect(kubeadmImages(v('1.23.15'))).toContain('registry.k8s.io/etcd:3.5.6-0');
    expect(kubeadmImages(v('1.24.8'))[0]).toBe('k8s.gcr.io/kube-apiserver:v1.24.8');
    expect(kubeadmImages(v('1.24.9'))[0]).toBe('registry.k8s.io/kube-apiserver:v1.24.9');
  });

  it('follows etcd backports per patch', () => {
    expect(kubeadmImages(v('1.19.0'))).toContain('k8s.gcr.io/etcd:3.4.9-1');
    expect(kubeadmImages(v('1.19.1'))).toContain('k8s.gcr.io/etcd:3.4.13-0');
    expect(kubeadmImages(v('1.28.5'))).toContain('registry.k8s.io/etcd:3.5.9-0');
    expect(kubeadmImages(v('1.28.6'))).toContain('registry.k8s.io/etcd:3.5.10-0');
    expect(kubeadmImages(v('1.29.3'))).toContain('registry.k8s.io/etcd:3.5.12-0');
  });

  it('matches published lists for 1.26.0 (old order) and 1.34.0 (CoreDNS first since 1.29)', () => {
    expect(kubeadmImages(v('1.26.0'))).toEqual([
      'registry.k8s.io/kube-apiserver:v1.26.0',
      'registry.k8s.io/kube-controller-manager:v1.26.0',
      'registry.k8s.io/kube-scheduler:v1.26.0',
      'registry.k8s.io/kube-proxy:v1.26.0',
      'registry.k8s.io/pause:3.9',
      'registry.k8s.io/etcd:3.5.6-0',
      'registry.k8s.io/coredns/coredns:v1.9.3',
    ]);
    expect(kubeadmImages(v('1.34.0'))).toEqual([
      'registry.k8s.io/kube-apiserver:v1.34.0',
      'registry.k8s.io/kube-controller-manager:v1.34.0',
      'registry.k8s.io/kube-scheduler:v1.34.0',
      'registry.k8s.io/kube-proxy:v1.34.0',
      'registry.k8s.io/coredns/coredns:v1.12.1',
      'registry.k8s.io/pause:3.10.1',
      'registry.k8s.io/etcd:3.6.4-0',
    ]);
  });

  it('gives the runtime the same pause image kubeadm lists', () => {
    expect(sandboxImage(v('1.34'), 'registry.cn-hangzhou.aliyuncs.com/google_containers')).toBe(
      'registry.cn-hangzhou.aliyuncs.com/google_containers/pause:3.10.1',
    );
  });
});

describe('resolveVersion', () => {
  it('accepts v-prefixed, full and minor-only versions and refuses the rest', () => {
    expect(v('1.18').version).toBe('1.18.2');
    expect(v('v1.28.2').version).toBe('1.28.2');
    expect(resolveVersion('1.17.4')).toBeUndefined();
    expect(resolveVersion('1.41.0')).toBeUndefined();
    // A patch below the newest the catalog has, yet missing from it, was never published.
    expect(resolveVersion('1.34.999')?.inferred).toBe(true);
    expect(resolveVersion('1.18.2; rm -rf /')).toBeUndefined();
    expect(resolveVersion('2.0.0')).toBeUndefined();
  });

  it('takes a full version of the next three minors past the catalog, with no image list', () => {
    const past = v('1.38.0');
    expect(past).toMatchObject({ version: '1.38.0', minor: 38, beyondCatalog: true });
    expect(past.verified).toBe(false);
    // kubeadm's facts are assumed to be the newest minor's; the images are the node's to say.
    expect(past.entry.minor).toBe(37);
    expect(kubeadmImages(past)).toEqual([]);
    expect(v('1.40.3').beyondCatalog).toBe(true);
    expect(resolveVersion('1.38')).toBeUndefined();
    expect(v('1.37.1').beyondCatalog).toBe(false);
  });

  it('marks patches past the checked ones as inferred', () => {
    expect(v('1.18.2').verified).toBe(true);
    expect(v('1.18.20').verified).toBe(false);
    expect(v('1.28.11').verified).toBe(true);
    expect(v('1.28.12').verified).toBe(false);
  });

  it('has every minor from 1.18 to 1.37, each default verified', () => {
    expect(KUBERNETES_MINORS.map((m) => m.minor)).toEqual(
      Array.from({ length: 20 }, (_, i) => 18 + i),
    );
    for (const m of KUBERNETES_MINORS) expect(v(`1.${m.minor}`).verified).toBe(true);
  });

  it('offers docker only before 1.24 and cri-dockerd only from 1.24', () => {
    expect(v('1.23').entry.runtimes).toEqual(['docker', 'containerd']);
    expect(v('1.24').entry.runtimes).toEqual(['containerd', 'cri-dockerd']);
  });
});
