import { describe, expect, it } from 'vitest';
import { guidePlan, modernPlan } from '../../common/plan/presets';
import { packageIndex, packageIndexEnv } from './packageIndex';
import { nearestVersions, packageVersionResult, parsePackageOffer } from './packageOffer';
import { parseProbe } from './probeParser';

const PKGS_134 = 'https://pkgs.k8s.io/core:/stable:/v1.34/deb/';
const index134 = packageIndex({ ...modernPlan(), kubernetesVersion: '1.34.0' }, 'deb', 'x86_64');

describe('packageIndex', () => {
  it('reads a flat pkgs.k8s.io repository at <uri>Packages', () => {
    expect(index134).toEqual({
      family: 'deb',
      repoUrl: PKGS_134,
      indexUrl: `${PKGS_134}Packages`,
      arch: 'amd64',
      wanted: '1.34.0',
    });
  });

  it("reads the legacy suite repository's per-architecture index", () => {
    const i = packageIndex(guidePlan(), 'deb', 'aarch64');
    expect(i?.indexUrl).toBe(
      'https://mirrors.aliyun.com/kubernetes/apt/dists/kubernetes-xenial/main/binary-arm64/Packages',
    );
    expect(i?.wanted).toBe('1.18.2');
  });

  it('gives dnf the baseurl on rpm nodes, and nothing when the family is unknown', () => {
    const i = packageIndex({ ...modernPlan(), kubernetesVersion: '1.29.4' }, 'rpm', 'x86_64');
    expect(i?.indexUrl).toBe('https://pkgs.k8s.io/core:/stable:/v1.29/rpm/');
    expect(packageIndex(modernPlan(), undefined, 'x86_64')).toBeUndefined();
    expect(packageIndexEnv(undefined).KL_PKG_REPO).toBe('');
  });
});

describe('parsePackageOffer', () => {
  it('orders an unordered Packages index newest first and drops repeats', () => {
    const o = parsePackageOffer('ok\n1.34.1-1.1\n1.34.10-1.1\n1.34.2-1.1\n1.34.1-1.1\n');
    expect(o).toEqual({ ok: true, versions: ['1.34.10-1.1', '1.34.2-1.1', '1.34.1-1.1'] });
  });

  it('keeps the error line, and says nothing when the section is absent', () => {
    expect(parsePackageOffer('error\tcurl: (6) Could not resolve host: pkgs.k8s.io')).toEqual({
      ok: false,
      error: 'curl: (6) Could not resolve host: pkgs.k8s.io',
    });
    expect(parsePackageOffer(undefined)).toBeUndefined();
  });

  it('is read from the probe output', () => {
    const p = parseProbe('@@KL:k8spkgs\nok\n1.29.4-2.1\n1.29.3-1.1\n@@KL:end\n', 'containerd');
    expect(p.packageOffer).toEqual({ ok: true, versions: ['1.29.4-2.1', '1.29.3-1.1'] });
  });
});

describe('nearestVersions', () => {
  it('names the nearest patches, the newer first on a tie', () => {
    const offered = ['1.34.3-1.1', '1.34.2-1.1', '1.34.1-1.1'];
    expect(nearestVersions('1.34.0', offered)).toEqual(['1.34.1-1.1', '1.34.2-1.1', '1.34.3-1.1']);
    expect(nearestVersions('1.34.2', ['1.34.3-1.1', '1.34.1-1.1', '1.34.0-1.1'])).toEqual([
      '1.34.3-1.1',
      '1.34.1-1.1',
      '1.34.0-1.1',
    ]);
  });
});

describe('packageVersionResult', () => {
  it('blocks when the mirror lacks the version, naming mirror, version and nearest ones', () => {
    const r = packageVersionResult('cp1', index134, {
      ok: true,
      versions: ['1.34.3-1.1', '1.34.2-1.1', '1.34.1-1.1'],
    });
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('block');
    expect(r.message.en).toContain(
      `${PKGS_134} has no kubeadm 1.34.0; nearest available: 1.34.1-1.1, 1.34.2-1.1, 1.34.3-1.1.`,
    );
    expect(r.message.zh).toContain(`${PKGS_134} 没有 kubeadm 1.34.0`);
  });

  it('passes with the exact string the repository publishes (-2.1 included)', () => {
    const i = packageIndex({ ...modernPlan(), kubernetesVersion: '1.29.4' }, 'deb', 'x86_64');
    const r = packageVersionResult('cp1', i, { ok: true, versions: ['1.29.5-1.1', '1.29.4-2.1'] });
    expect(r.status).toBe('pass');
    expect(r.message.en).toContain('(1.29.4-2.1)');
  });

  it('blocks on a repository without kubeadm; unknown when the index could not be read', () => {
    expect(packageVersionResult('cp1', index134, { ok: true, versions: [] }).status).toBe('fail');
    const r = packageVersionResult('cp1', index134, { ok: false, error: 'curl: (22) 404' });
    expect(r.status).toBe('unknown');
    expect(r.evidence).toContain('curl: (22) 404');
    expect(packageVersionResult('cp1', undefined, undefined).status).toBe('unknown');
  });
});

describe('a retired Google-hosted repository', () => {
  const legacy = {
    ...guidePlan(),
    mirrors: { kubernetesLegacyApt: 'https://apt.kubernetes.io/' },
  };
  const index = packageIndex(legacy, 'deb', 'x86_64');

  it('blocks with the cause and the fix, whatever the node read there', () => {
    const offers = [
      parsePackageOffer('error\tcurl: (22) The requested URL returned error: 404'),
      parsePackageOffer('ok\n1.18.2-00\n'),
    ];
    for (const offer of offers) {
      const r = packageVersionResult('master1', index, offer);
      expect(r.status).toBe('fail');
      expect(r.message.en).toContain('https://apt.kubernetes.io/ is the retired Google-hosted one');
      expect(r.message.en).toContain('does not have a Release file');
      // 1.18 predates pkgs.k8s.io: the fix says so and names a mirror that kept the layout.
      expect(r.message.en).toContain('pkgs.k8s.io carries Kubernetes 1.24 and newer only');
      expect(r.message.zh).toContain('https://mirrors.aliyun.com/kubernetes/apt/');
    }
  });

  it('sends a 1.24+ plan to pkgs.k8s.io, and leaves other mirrors alone', () => {
    const newer = packageIndex(
      {
        ...modernPlan(),
        kubernetesVersion: '1.30.0',
        mirrors: { kubernetesPackages: 'https://packages.cloud.google.com/apt' },
      },
      'deb',
      'x86_64',
    );
    const r = packageVersionResult('cp1', newer, parsePackageOffer('error\t404'));
    expect(r.status).toBe('fail');
    expect(r.message.en).toContain('https://pkgs.k8s.io/core:/stable:/v1.30/');
    expect(
      packageVersionResult(
        'master1',
        packageIndex(guidePlan(), 'deb', 'x86_64'),
        parsePackageOffer('ok\n1.18.2-00\n'),
      ).status,
    ).toBe('pass');
  });
});
