import { describe, expect, it } from 'vitest';
import { imageArchivePath, ociArch, parseImageRef } from './imageRef';

describe('parseImageRef (distribution/reference normalisation)', () => {
  it('keeps a host with a dot and splits the tag', () => {
    expect(parseImageRef('registry.k8s.io/kube-apiserver:v1.30.2')).toEqual({
      registry: 'registry.k8s.io',
      repository: 'kube-apiserver',
      reference: 'v1.30.2',
    });
  });
  it('keeps a host with a port and a nested repository', () => {
    expect(parseImageRef('172.31.220.50:5000/google_containers/pause:3.9')).toEqual({
      registry: '172.31.220.50:5000',
      repository: 'google_containers/pause',
      reference: '3.9',
    });
  });
  it('puts Docker Hub names on registry-1.docker.io, one-component ones under library/', () => {
    expect(parseImageRef('busybox')).toEqual({
      registry: 'registry-1.docker.io',
      repository: 'library/busybox',
      reference: 'latest',
    });
    expect(parseImageRef('flannel/flannel:v0.22.0').repository).toBe('flannel/flannel');
    expect(parseImageRef('docker.io/calico/node:v3.28.0').registry).toBe('registry-1.docker.io');
  });
  it('takes a digest over a tag', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`quay.io/coreos/flannel:v0.14.0@${digest}`).reference).toBe(digest);
  });
  it('refuses what is not a reference', () => {
    expect(() => parseImageRef('Bad Name')).toThrow(/not an image reference/);
    expect(() => parseImageRef('registry.k8s.io/UPPER:1')).toThrow(/not a repository name/);
    expect(() => parseImageRef('pause@md5')).toThrow(/not a digest/);
  });
});

describe('archive naming', () => {
  it('maps uname and package arches to OCI ones', () => {
    expect(ociArch('x86_64')).toBe('amd64');
    expect(ociArch('aarch64')).toBe('arm64');
    expect(ociArch('amd64')).toBe('amd64');
  });
  it('names the archive by arch, host, repository and tag', () => {
    expect(imageArchivePath('registry.k8s.io/pause:3.9', 'x86_64')).toBe(
      'images/amd64/registry.k8s.io/pause_3.9.oci.tar',
    );
    expect(imageArchivePath('172.31.220.50:5000/google_containers/etcd:3.5.12-0', 'amd64')).toBe(
      'images/amd64/172.31.220.50_5000/google_containers/etcd_3.5.12-0.oci.tar',
    );
  });
});
