import { describe, expect, it } from 'vitest';
import { parseDebIndex, parseDepends, pickDependency, pickExact } from './debIndex';
import { compareDebVersions, debUpstream } from './debVersion';

/**
 * Stanzas in the Packages format of https://wiki.debian.org/DebianRepository/Format, with the
 * legacy Kubernetes repository's pool names (`kubeadm_1.18.4-00_amd64_<sha256>.deb`, as kept in
 * github.com/ShiZhan/minidc-tutorial packages/README.md) and kubeadm's Depends line from
 * kubernetes/release's debian/control template. Sizes and digests are made up for the test.
 */
const sha = (c: string): string => c.repeat(64);
const INDEX = `Package: kubeadm
Version: 1.18.2-00
Architecture: amd64
Maintainer: Kubernetes Authors <kubernetes-dev+release@googlegroups.com>
Depends: kubelet (>= 1.13.0), kubectl (>= 1.13.0), kubernetes-cni (>= 0.8.6), cri-tools (>= 1.13.0)
Filename: pool/kubeadm_1.18.2-00_amd64_${sha('a')}.deb
Size: 8164404
SHA256: ${sha('a')}
Description: Kubernetes Cluster Bootstrapping Tool
 The Kubernetes command line tool for bootstrapping a Kubernetes cluster.

Package: kubeadm
Version: 1.18.10-00
Architecture: amd64
Depends: kubelet (>= 1.13.0), kubectl (>= 1.13.0), kubernetes-cni (>= 0.8.7), cri-tools (>= 1.13.0)
Filename: pool/kubeadm_1.18.10-00_amd64_${sha('b')}.deb
Size: 8170000
SHA256: ${sha('b')}

Package: kubernetes-cni
Version: 0.8.6-00
Architecture: amd64
Filename: pool/kubernetes-cni_0.8.6-00_amd64_${sha('c')}.deb
Size: 25000000
SHA256: ${sha('c')}

Package: kubernetes-cni
Version: 0.8.7-00
Architecture: amd64
Filename: pool/kubernetes-cni_0.8.7-00_amd64_${sha('d')}.deb
Size: 25100000
SHA256: ${sha('d')}

Package: kubernetes-cni
Version: 0.7.5-00
Architecture: amd64
Filename: pool/kubernetes-cni_0.7.5-00_amd64_${sha('e')}.deb
Size: 24000000
SHA256: ${sha('e')}

Package: cri-tools
Version: 1.13.0-01
Architecture: arm64
Filename: pool/cri-tools_1.13.0-01_arm64_${sha('f')}.deb
Size: 8000000
SHA256: ${sha('f')}

Package: broken
Version: 1.0
Filename: pool/broken.deb
`;

describe('compareDebVersions (Debian Policy §5.6.12)', () => {
  it.each([
    ['1.18.2-00', '1.18.10-00', -1],
    ['1.29.4-2.1', '1.29.4-1.1', 1],
    ['1.0~rc1-1', '1.0-1', -1],
    ['1:1.0-1', '2.0-1', 1],
    ['5:19.03.15~3-0~ubuntu-focal', '5:19.03.9~3-0~ubuntu-focal', 1],
    ['1.0a-1', '1.0+-1', -1],
    ['0.8.7-00', '0.8.7-00', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareDebVersions(a, b))).toBe(sign);
  });

  it('takes the upstream version before the last hyphen', () => {
    expect(debUpstream('1.29.4-2.1')).toBe('1.29.4');
    expect(debUpstream('1:1.18.2-00')).toBe('1.18.2');
  });
});

describe('parseDebIndex', () => {
  const index = parseDebIndex(INDEX);

  it('reads every complete stanza and skips one without Size and SHA256', () => {
    expect(index.map((e) => `${e.name}=${e.version}`)).toEqual([
      'kubeadm=1.18.2-00',
      'kubeadm=1.18.10-00',
      'kubernetes-cni=0.8.6-00',
      'kubernetes-cni=0.8.7-00',
      'kubernetes-cni=0.7.5-00',
      'cri-tools=1.13.0-01',
    ]);
    expect(index[0]).toMatchObject({ size: 8164404, sha256: sha('a'), arch: 'amd64' });
  });

  it('picks the exact upstream version, not the newest', () => {
    expect(pickExact(index, 'kubeadm', 'amd64', '1.18.2')?.filename).toBe(
      `pool/kubeadm_1.18.2-00_amd64_${sha('a')}.deb`,
    );
    expect(pickExact(index, 'kubeadm', 'amd64', '1.18.3')).toBeUndefined();
  });

  it('resolves kubeadm’s dependency to the newest version that satisfies it, for the arch', () => {
    const kubeadm = pickExact(index, 'kubeadm', 'amd64', '1.18.2');
    const cni = kubeadm?.depends.find((d) => d.name === 'kubernetes-cni');
    expect(cni).toEqual({ name: 'kubernetes-cni', relation: { op: '>=', version: '0.8.6' } });
    expect(cni && pickDependency(index, cni, 'amd64')?.version).toBe('0.8.7-00');
    expect(pickDependency(index, { name: 'cri-tools' }, 'amd64')).toBeUndefined();
    expect(
      pickDependency(
        index,
        { name: 'kubernetes-cni', relation: { op: '<<', version: '0.8.0' } },
        'amd64',
      )?.version,
    ).toBe('0.7.5-00');
  });

  it('parses alternatives and arch qualifiers in Depends', () => {
    expect(
      parseDepends('iptables (>= 1.4.21), conntrack | conntrack-tools, libc6:any (>= 2.2)'),
    ).toEqual([
      { name: 'iptables', relation: { op: '>=', version: '1.4.21' } },
      { name: 'conntrack' },
      { name: 'libc6', relation: { op: '>=', version: '2.2' } },
    ]);
  });
});
