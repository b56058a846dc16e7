import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyHeader,
  kubeletConfigMap,
  movedLine,
  policyFatal,
  successLines,
  versionPolicy,
  type KubeVersion,
} from '../../lab/node/upgrade.mjs';

/**
 * The lab's `kubeadm upgrade apply` prints what kubeadm prints: its opening, backup and closing
 * lines against the published outputs in tests/fixtures/real/upgrade-apply (kubeadm 1.18 and
 * 1.33 wordings), and its version-policy FATALs framed as cmd/kubeadm/app/cmd/upgrade/apply.go
 * frames them.
 */
function corpus(file: string): string[] {
  const text = readFileSync(
    new URL(`../../fixtures/real/upgrade-apply/${file}`, import.meta.url),
    'utf8',
  );
  return text.trimEnd().split('\n').slice(1);
}

const v = (text: string): KubeVersion => {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map(Number);
  return { full: `v${text}`, major, minor, patch };
};

const OLD = corpus('docs-v1.18.0-apply.txt');
const NEW = corpus('kramse-v1.33.1-apply-tail.txt');

describe('lab kubeadm upgrade apply wording', () => {
  it('opens like kubeadm 1.18 did, line for line', () => {
    const header = applyHeader(false);
    expect(OLD.slice(0, header.length)).toEqual(header);
  });

  it('closes with each era’s success lines, exactly as published', () => {
    expect(OLD.slice(-3)).toEqual(successLines(v('1.18.0'), false));
    expect(NEW.slice(-3)).toEqual(successLines(v('1.33.1'), true));
  });

  it('names the backup folder of each manifest as kubeadm does', () => {
    const backup = '/etc/kubernetes/tmp/kubeadm-backup-manifests-2020-03-08-18-48-14';
    for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
      expect(OLD).toContain(movedLine(c, backup));
  });

  it('creates the kubelet ConfigMap per minor before 1.24, one unversioned after', () => {
    expect(OLD).toContain(
      `[kubelet] Creating a ConfigMap "${kubeletConfigMap(v('1.18.0'))}" in namespace kube-system with the configuration for the kubelets in the cluster`,
    );
    expect(NEW).toContain(
      `[kubelet] Creating a ConfigMap "${kubeletConfigMap(v('1.33.1'))}" in namespace kube-system with the configuration for the kubelets in the cluster`,
    );
  });
});

describe('lab kubeadm version policy', () => {
  it('refuses a skipped minor and a target past kubeadm as fatal, listing both', () => {
    const errors = versionPolicy(v('1.18.2'), v('1.18.2'), v('1.20.15'));
    expect(errors.mandatory).toEqual([
      'Specified version to upgrade to "v1.20.15" is too high; kubeadm can upgrade only 1 minor version at a time',
      'Specified version to upgrade to "v1.20.15" is at least one minor release higher than the kubeadm minor release (20 > 18). Such an upgrade is not supported',
    ]);
    expect(policyFatal(errors, true, false)).toBe(
      '[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:\n\n' +
        '\t- Specified version to upgrade to "v1.20.15" is too high; kubeadm can upgrade only 1 minor version at a time\n' +
        '\t- Specified version to upgrade to "v1.20.15" is at least one minor release higher than the kubeadm minor release (20 > 18). Such an upgrade is not supported\n' +
        '\nPlease fix the misalignments highlighted above and try upgrading again',
    );
  });

  it('lets --force past a patch newer than kubeadm, and nothing past a downgrade', () => {
    const newerPatch = versionPolicy(v('1.19.2'), v('1.19.2'), v('1.19.16'));
    expect(newerPatch.mandatory).toEqual([]);
    expect(policyFatal(newerPatch, false, true)).toContain(
      'Can be bypassed if you pass the --force flag',
    );
    expect(policyFatal(newerPatch, false, true)).toMatch(
      /^error execution phase preflight: the version argument/,
    );
    expect(policyFatal(newerPatch, true, true)).toBeUndefined();
    const down = versionPolicy(v('1.19.16'), v('1.19.16'), v('1.18.2'));
    expect(down.mandatory[0]).toContain('Downgrades are not supported');
    expect(policyFatal(down, true, false)).toContain('fatal errors');
  });

  it('accepts the next minor with a kubeadm of that minor', () => {
    expect(versionPolicy(v('1.18.2'), v('1.19.16'), v('1.19.16'))).toEqual({
      mandatory: [],
      skippable: [],
    });
  });
});
