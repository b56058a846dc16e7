import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../../../common/bundle/schema';
import type { BundleInspection } from '../../../../common/contracts/bundle';
import type { HostFacts } from '../../../../common/model/facts';
import {
  artifactLabel,
  artifactsByKind,
  bundleOutPath,
  checkCounts,
  checksForDisplay,
  formatEta,
  formatSize,
  formatSpeed,
  fraction,
  machinesFromFacts,
  suggestedName,
  parsePlainHttp,
} from './bundleView';

const why = { en: 'because', zh: '因为' };

describe('formatting', () => {
  it('writes sizes in binary units, and – for unknown', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1536)).toBe('1.5 KiB');
    expect(formatSize(230.4 * 1024 ** 2)).toBe('230.4 MiB');
    expect(formatSize(2.25 * 1024 ** 3)).toBe('2.3 GiB');
    expect(formatSize(undefined)).toBe('–');
    expect(formatSize(-1)).toBe('–');
  });

  it('writes speed per second, – when stalled', () => {
    expect(formatSpeed(3.2 * 1024 ** 2)).toBe('3.2 MiB/s');
    expect(formatSpeed(0)).toBe('–');
  });

  it('writes an ETA in s, min and h, rounding up', () => {
    expect(formatEta(0)).toBe('0 s');
    expect(formatEta(41.2)).toBe('42 s');
    expect(formatEta(200)).toBe('3 min 20 s');
    expect(formatEta(3840)).toBe('1 h 04 min');
    expect(formatEta(undefined)).toBe('–');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('–');
  });

  it('gives a bar fraction only for a known total, clamped', () => {
    expect(fraction(5, 10)).toBe(0.5);
    expect(fraction(15, 10)).toBe(1);
    expect(fraction(5, undefined)).toBeUndefined();
    expect(fraction(5, 0)).toBeUndefined();
  });
});

describe('the plan’s needs', () => {
  const pkg: Artifact = {
    kind: 'package',
    id: 'deb/amd64/kubeadm@1.18.2',
    family: 'deb',
    arch: 'amd64',
    name: 'kubeadm',
    version: '1.18.2',
    repositories: [{ profile: 'plan', url: 'u', index: 'i' }],
    forVersions: ['1.18.2'],
    why,
  };
  const { version: _v, ...unversioned } = pkg;
  const dep: Artifact = { ...unversioned, id: 'deb/amd64/conntrack', name: 'conntrack' };
  const file: Artifact = {
    kind: 'file',
    id: 'file/cni',
    path: 'files/kube-flannel.yml',
    sources: [{ profile: 'plan', location: 'https://x' }],
    forVersions: ['1.18.2'],
    why,
  };

  it('groups artifacts by kind in page order, leaving empty kinds out', () => {
    const groups = artifactsByKind([file, pkg, dep]);
    expect(groups.map((g) => [g.kind, g.artifacts.length])).toEqual([
      ['package', 2],
      ['file', 1],
    ]);
  });

  it('labels each kind', () => {
    expect(artifactLabel(pkg)).toBe('kubeadm 1.18.2 (deb amd64)');
    expect(artifactLabel(dep)).toBe('conntrack (deb amd64)');
    expect(artifactLabel(file)).toBe('files/kube-flannel.yml');
  });
});

describe('machinesFromFacts', () => {
  const facts = {
    os: { id: 'ubuntu', idLike: ['debian'], version: '20.04' },
    arch: 'x86_64',
  } as unknown as HostFacts;

  it('makes machines of nodes with facts and names the others with their reason', () => {
    const nodes = [
      { id: 'm1', name: 'master1', role: 'control-plane' as const },
      { id: 'w1', name: 'worker1', role: 'worker' as const },
      { id: 'w2', name: 'worker2', role: 'worker' as const },
    ];
    const got = machinesFromFacts(nodes, { m1: facts, w1: { error: 'connection refused' } });
    expect(got.machines).toEqual([
      {
        nodeId: 'm1',
        role: 'control-plane',
        osId: 'ubuntu',
        osIdLike: ['debian'],
        osVersion: '20.04',
        arch: 'x86_64',
      },
    ]);
    expect(got.missing).toEqual([
      { name: 'worker1', reason: 'connection refused' },
      { name: 'worker2', reason: '' },
    ]);
  });
});

describe('bundleOutPath', () => {
  const folder = '/home/me/lab.kubelab.yaml.bundles';

  it('puts the name in the bundles folder and adds .tar', () => {
    expect(bundleOutPath(folder, ' lab-1.18.2 ')).toEqual({
      path: `${folder}/lab-1.18.2.tar`,
      name: 'lab-1.18.2.tar',
    });
    expect(bundleOutPath(folder, 'b.tar')).toEqual({ path: `${folder}/b.tar`, name: 'b.tar' });
  });

  it('keeps a Windows folder’s separator', () => {
    expect(bundleOutPath('C:\\lab.yaml.bundles', 'b')).toEqual({
      path: 'C:\\lab.yaml.bundles\\b.tar',
      name: 'b.tar',
    });
  });

  it('refuses an empty name, a path and dot names', () => {
    expect(bundleOutPath(folder, '  ')).toEqual({ problem: 'empty' });
    expect(bundleOutPath(folder, '../x.tar')).toEqual({ problem: 'folder' });
    expect(bundleOutPath(folder, 'a\\b')).toEqual({ problem: 'folder' });
    expect(bundleOutPath(folder, '.tar')).toEqual({ problem: 'dots' });
    expect(bundleOutPath(folder, '..')).toEqual({ problem: 'dots' });
  });

  it('suggests a file-safe name from the cluster and its versions', () => {
    expect(suggestedName('my lab', ['1.18.2', '1.19.16'])).toBe('my-lab-1.18.2-1.19.16.tar');
    expect(suggestedName('..', ['1.18.2'])).toBe('bundle-1.18.2.tar');
  });
});

describe('inspection checks', () => {
  const inspection = {
    checks: [
      { id: 'a', path: 'packages/a.deb', bytes: 1, state: 'ok' },
      { id: 'c', path: 'images/c.tar', bytes: 1, state: 'ok' },
      { id: 'b', path: 'packages/b.deb', bytes: 1, state: 'corrupt', detail: 'sha256 3f…' },
    ],
  } as unknown as BundleInspection;

  it('counts checks by state, ok first', () => {
    expect(checkCounts(inspection.checks)).toEqual([
      { state: 'ok', count: 2 },
      { state: 'corrupt', count: 1 },
    ]);
  });

  it('lists failed checks first, then by path', () => {
    expect(checksForDisplay(inspection).map((c) => c.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('parsePlainHttp', () => {
  it('takes hosts with ports, separated by commas or spaces', () => {
    expect(parsePlainHttp(' 172.31.219.250:5000, registry.lab  mirror:80 ')).toEqual({
      hosts: ['172.31.219.250:5000', 'registry.lab', 'mirror:80'],
    });
    expect(parsePlainHttp('')).toEqual({ hosts: [] });
  });

  it('names the first entry that is not a registry host', () => {
    expect(parsePlainHttp('registry.lab, https://mirror:5000, x/y')).toEqual({
      invalid: 'https://mirror:5000',
    });
  });
});
