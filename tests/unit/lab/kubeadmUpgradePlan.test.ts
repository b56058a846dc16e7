import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planOutput, tabwrite, type PlanState } from '../../lab/node/kubeadm-upgrade-plan.mjs';
import { parseKubeadmUpgradePlan } from '../../../common/upgrade/kubeadmPlanParser';

/** Published `kubeadm upgrade plan` outputs (source URL on line 1), without that line. */
function fixtureLines(name: string): string[] {
  const text = readFileSync(
    new URL(`../../fixtures/real/upgrade-plan/${name}`, import.meta.url),
    'utf8',
  );
  // Lines as kubeadm printed them; the file's own final newline is not one of them.
  return text
    .slice(text.indexOf('\n') + 1)
    .replace(/\n$/, '')
    .split('\n');
}

/** The part of the lab's output from `first` on, as lines. */
function from(lines: string[], first: string): string[] {
  const at = lines.findIndex((l) => l.startsWith(first));
  if (at < 0) throw new Error(`no line starting "${first}" in:\n${lines.join('\n')}`);
  return lines.slice(at);
}

const guide = (over: Partial<PlanState>): PlanState => ({
  kubeadm: 'v1.18.2',
  cluster: 'v1.18.2',
  target: 'v1.19.16',
  kubelets: [
    { node: 'master1', version: 'v1.18.2' },
    { node: 'node1', version: 'v1.18.2' },
    { node: 'node2', version: 'v1.18.2' },
  ],
  controlPlanes: ['master1'],
  etcdBefore: '3.4.3-0',
  corednsBefore: '1.6.7',
  ...over,
});

describe('the lab kubeadm’s tabwriter', () => {
  it('pads each cell but the last to its column’s widest + 3, at least 10', () => {
    expect(
      tabwrite([
        ['COMPONENT', 'CURRENT', 'TARGET'],
        ['kubelet', '1 x v1.19.2', 'v1.19.3'],
        ['', '2 x v1.19.3', 'v1.19.3'],
      ]),
    ).toEqual(fixtureLines('pr-123578-count-format-kubelets.txt').slice(1, 4));
  });
});

describe('the lab kubeadm’s upgrade plan, byte for byte against kubeadm’s own', () => {
  it('NODE format (1.30+): plan_test.go’s "multiple kubelet versions" case, config table included', () => {
    const out = planOutput(
      {
        kubeadm: 'v1.19.2',
        cluster: 'v1.19.2',
        target: 'v1.19.3',
        kubelets: [
          { node: 'node1', version: 'v1.19.2' },
          { node: 'node2', version: 'v1.19.3' },
          { node: 'node3', version: 'v1.19.3' },
        ],
        controlPlanes: ['node1'],
        etcdBefore: '3.4.7-0',
        corednsBefore: '1.7.0',
      },
      { era: 30, addons: { etcd: '3.4.7-0', coredns: '1.7.0' } },
    );
    const want = fixtureLines('plan-test-node-column-multiple-kubelets.txt');
    expect(from(out.stdout, 'Components that must')).toEqual(want);
  });

  it('NODE format: the "patch version available" block, no kubeadm note when kubeadm is on it', () => {
    const out = planOutput(
      {
        kubeadm: 'v1.18.5',
        cluster: 'v1.18.3',
        target: 'v1.18.5',
        kubelets: [{ node: 'node1', version: 'v1.18.3' }],
        controlPlanes: ['node1'],
        etcdBefore: '3.4.3-0',
        corednsBefore: '1.6.7',
      },
      { era: 30, addons: { etcd: '3.4.3-0', coredns: '1.6.7' } },
    );
    const want = fixtureLines('plan-test-node-column-two-upgrades.txt');
    const block = want.slice(0, want.indexOf('_'.repeat(69)) + 1);
    expect(from(out.stdout, 'Components that must').slice(0, block.length)).toEqual(block);
  });

  it('1.18 layout: the tables of the 1.18 docs page (cluster 1.17.3, kubeadm 1.18.0)', () => {
    const out = planOutput({
      kubeadm: 'v1.18.0',
      cluster: 'v1.17.3',
      target: 'v1.18.0',
      kubelets: [{ node: 'master', version: 'v1.17.3' }],
      controlPlanes: ['master'],
      etcdBefore: '3.4.3-0',
      corednsBefore: '1.6.5',
    });
    const want = fixtureLines('docs-v1.18.0-old-format.txt');
    // The page's version lines and component table as printed (its kubelet header was re-spaced
    // by hand on the page, so that table is held by its row).
    expect(out.stdout.slice(0, 4)).toEqual(want.slice(6, 10));
    expect(out.stdout).toContain('Kubelet     1 x v1.17.3   v1.18.0');
    // The page indents the apply command with spaces where kubeadm prints a tab.
    const tail = from(want, 'Upgrade to the latest').map((l) =>
      l.replace(/^ {4}kubeadm/, '\tkubeadm'),
    );
    expect(from(out.stdout, 'Upgrade to the latest').slice(0, tail.length)).toEqual(tail);
  });
});

describe('the lab kubeadm’s upgrade plan for the guide cluster', () => {
  it('kubeadm 1.18.2 asked for 1.19.16: its own CoreDNS, nearest etcd with klog’s warning, the kubeadm note', () => {
    const out = planOutput(guide({}));
    expect(out.stderr.join('\n')).toContain(
      'could not find officially supported version of etcd for Kubernetes v1.19.16, falling back to the nearest etcd version (3.4.3-0)',
    );
    expect(out.stdout).toContain('Kubelet     3 x v1.18.2   v1.19.16');
    expect(out.stdout).toContain('Etcd                 3.4.3     3.4.3-0');
    expect(out.stdout).toContain(
      'Note: Before you can perform this upgrade, you have to update kubeadm to v1.19.16.',
    );
    const parsed = parseKubeadmUpgradePlan(out.stdout.join('\n'));
    expect(parsed.format).toBe('count');
    expect(parsed.upgrades.map((u) => u.applyVersion)).toEqual(['1.19.16']);
  });

  it('kubeadm 1.19.16: binary names, the catalog’s etcd and CoreDNS, a kubelet left behind counted apart', () => {
    const out = planOutput(
      guide({
        kubeadm: 'v1.19.16',
        kubelets: [
          { node: 'master1', version: 'v1.18.2' },
          { node: 'node1', version: 'v1.18.2' },
          { node: 'node2', version: 'v1.18.1' },
        ],
      }),
    );
    expect(out.stderr).toEqual([]);
    expect(out.stdout).toContain('kubelet     1 x v1.18.1   v1.19.16');
    expect(out.stdout).toContain('            2 x v1.18.2   v1.19.16');
    expect(out.stdout.join('\n')).not.toContain('Note: Before');
    const [u] = parseKubeadmUpgradePlan(out.stdout.join('\n')).upgrades;
    expect(u?.kubelets).toEqual([
      { count: 1, current: '1.18.1', target: '1.19.16' },
      { count: 2, current: '1.18.2', target: '1.19.16' },
    ]);
    expect(u?.components.find((c) => c.name === 'etcd')?.target).toBe('3.4.13-0');
    expect(u?.components.find((c) => c.name === 'CoreDNS')?.target).toBe('1.7.0');
  });

  it('1.21+ says TARGET and "Target version"', () => {
    const out = planOutput(guide({ kubeadm: 'v1.21.14', cluster: 'v1.20.15', target: 'v1.21.14' }));
    expect(out.stdout).toContain('[upgrade/versions] Target version: v1.21.14');
    expect(out.stdout.filter((l) => /^COMPONENT\s+CURRENT\s+TARGET$/.test(l))).toHaveLength(2);
    expect(out.stdout.join('\n')).not.toContain('AVAILABLE');
  });

  it('nothing newer: 1.18 says so, 1.19 prints no table at all', () => {
    expect(planOutput(guide({ target: 'v1.18.2' })).stdout.at(-1)).toBe(
      "Awesome, you're up-to-date! Enjoy!",
    );
    const quiet = planOutput(guide({ kubeadm: 'v1.19.16', cluster: 'v1.19.16' })).stdout;
    expect(quiet.at(-1)).toBe('');
    expect(parseKubeadmUpgradePlan(quiet.join('\n')).upgrades).toEqual([]);
  });
});
