import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKubeadmUpgradePlan } from '../../../common/upgrade/kubeadmPlanParser';
import { compareWithKubeadm } from '../../../common/upgrade/compareWithKubeadm';
import { planUpgrade } from '../../../common/upgrade/planUpgrade';
import { guideNodes, guidePlan } from '../../../common/plan/presets';

/** Published `kubeadm upgrade plan` outputs, one per file, source URL and version on line 1. */
const DIR = new URL('../../fixtures/real/upgrade-plan/', import.meta.url);

function fixture(name: string): string {
  const text = readFileSync(new URL(name, DIR), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

describe('upgrade-plan fixtures', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.txt'));

  it.each(files)('%s names its source and parses to at least one table', (file) => {
    const raw = readFileSync(new URL(file, DIR), 'utf8');
    expect(raw.split('\n')[0]).toMatch(/^# source: https:\/\/github\.com\/\S+ \(.*\)$/);
    const parsed = parseKubeadmUpgradePlan(fixture(file));
    expect(parsed.format).not.toBe('none');
    expect(parsed.upgrades.length).toBeGreaterThan(0);
  });
});

describe('parseKubeadmUpgradePlan: the older count format', () => {
  it('reads the 1.18 docs example: Title-case names, N x kubelets, AVAILABLE', () => {
    const p = parseKubeadmUpgradePlan(fixture('docs-v1.18.0-old-format.txt'));
    expect(p.format).toBe('count');
    expect(p.clusterVersion).toBe('1.17.3');
    expect(p.kubeadmVersion).toBe('1.18.0');
    expect(p.upgrades).toHaveLength(1);
    const [u] = p.upgrades;
    expect(u?.description).toBe('Upgrade to the latest version in the v1.17 series');
    expect(u?.kubelets).toEqual([{ count: 1, current: '1.17.3', target: '1.18.0' }]);
    expect(u?.components).toEqual([
      { name: 'kube-apiserver', current: '1.17.3', target: '1.18.0' },
      { name: 'kube-controller-manager', current: '1.17.3', target: '1.18.0' },
      { name: 'kube-scheduler', current: '1.17.3', target: '1.18.0' },
      { name: 'kube-proxy', current: '1.17.3', target: '1.18.0' },
      { name: 'CoreDNS', current: '1.6.5', target: '1.6.7' },
      { name: 'etcd', current: '3.4.3', target: '3.4.3-0' },
    ]);
    expect(u?.applyVersion).toBe('1.18.0');
  });

  it('reads the 1.21–1.29 variant: TARGET header, binary names, lowercase kubelet', () => {
    const p = parseKubeadmUpgradePlan(fixture('pr-123068-v1.30-alpha-count-target.txt'));
    expect(p.format).toBe('count');
    expect(p.clusterVersion).toBe('1.28.5');
    const [u] = p.upgrades;
    expect(u?.kubelets).toEqual([{ count: 2, current: '1.28.5', target: '1.29.2' }]);
    expect(u?.components.map((c) => c.name)).toEqual([
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kube-proxy',
      'CoreDNS',
    ]);
    expect(u?.components.find((c) => c.name === 'CoreDNS')?.target).toBe('1.11.1');
  });

  it('reads mixed kubelet versions on continuation rows (kubeadm#713)', () => {
    const p = parseKubeadmUpgradePlan(fixture('kubeadm-713-v1.9.3-mixed-kubelets.txt'));
    expect(p.upgrades[0]?.kubelets).toEqual([
      { count: 1, current: '1.9.2', target: '1.9.3' },
      { count: 2, current: '1.9.3', target: '1.9.3' },
    ]);
  });
});

describe('parseKubeadmUpgradePlan: the NODE column format', () => {
  it('reads one kubelet row per node and the node of each component', () => {
    const p = parseKubeadmUpgradePlan(fixture('plan-test-node-column-multiple-kubelets.txt'));
    expect(p.format).toBe('node');
    const [u] = p.upgrades;
    expect(u?.kubelets).toEqual([
      { node: 'node1', current: '1.19.2', target: '1.19.3' },
      { node: 'node2', current: '1.19.3', target: '1.19.3' },
      { node: 'node3', current: '1.19.3', target: '1.19.3' },
    ]);
    expect(u?.components.find((c) => c.name === 'kube-proxy')).toEqual({
      name: 'kube-proxy',
      current: '1.19.2',
      target: '1.19.3',
    });
    expect(u?.components.find((c) => c.name === 'etcd')?.node).toBe('node1');
    expect(u?.applyVersion).toBe('1.19.3');
  });

  it('reads two upgrade options (patch, then the next minor)', () => {
    const p = parseKubeadmUpgradePlan(fixture('plan-test-node-column-two-upgrades.txt'));
    expect(p.upgrades.map((u) => [u.description, u.applyVersion])).toEqual([
      ['Upgrade to the latest version in the v1.18 series', '1.18.5'],
      ['Upgrade to the latest stable version', '1.19.0'],
    ]);
    expect(p.upgrades[1]?.components.find((c) => c.name === 'CoreDNS')?.target).toBe('1.7.0');
  });

  it('finds nothing in an up-to-date answer', () => {
    const p = parseKubeadmUpgradePlan(
      "[upgrade/versions] Cluster version: v1.13.5\nAwesome, you're up-to-date! Enjoy!\n",
    );
    expect(p).toEqual({
      format: 'none',
      clusterVersion: '1.13.5',
      kubeadmVersion: undefined,
      upgrades: [],
    });
  });
});

describe("compareWithKubeadm: kubeadm's plan next to kubelab's", () => {
  const ours = (current: string, to: string) => {
    const r = planUpgrade({ plan: guidePlan(), nodes: guideNodes(), current, to });
    if (!r.plan) throw new Error('no plan');
    return r.plan;
  };

  it('lists the patch, etcd and kubelet-count differences of the 1.18.3 → 1.19.0 option', () => {
    const kubeadm = parseKubeadmUpgradePlan(fixture('plan-test-node-column-two-upgrades.txt'));
    const diff = compareWithKubeadm(kubeadm, ours('1.18.3', '1.19'));
    expect(diff.map((d) => [d.subject, d.kubeadm, d.kubelab])).toEqual([
      ['target', '1.19.0', '1.19.16'],
      ['etcd', '3.4.7-0', '3.4.13-0'],
      ['kubelets', '1', '3'],
    ]);
    expect(diff[0]?.text.zh).toContain('1.19.0');
  });

  it('says so when kubeadm offers no upgrade to the hop minor', () => {
    const kubeadm = parseKubeadmUpgradePlan(fixture('docs-v1.18.0-old-format.txt'));
    const diff = compareWithKubeadm(kubeadm, ours('1.18.2', '1.19'));
    expect(diff.map((d) => d.subject)).toEqual(['cluster-version', 'no-matching-upgrade']);
  });

  it('agrees when kubeadm targets what the catalog says', () => {
    const text = fixture('plan-test-node-column-two-upgrades.txt')
      .replaceAll('1.19.0', '1.19.16')
      .replaceAll('3.4.7-0', '3.4.13-0');
    const diff = compareWithKubeadm(parseKubeadmUpgradePlan(text), {
      ...ours('1.18.3', '1.19'),
      hops: ours('1.18.3', '1.19').hops.map((h) => ({ ...h, nodes: h.nodes.slice(0, 1) })),
    });
    expect(diff).toEqual([]);
  });
});

describe('compareWithKubeadm: what the lab kubeadm says for the guide cluster', () => {
  const ours = () => {
    const r = planUpgrade({
      plan: guidePlan(),
      nodes: guideNodes(),
      current: '1.18.2',
      to: '1.19',
    });
    if (!r.plan) throw new Error('no plan');
    return r.plan;
  };
  const kubeadmSays = (kubeadm: string, kubelets: string[], etcd: string, dns: string): string =>
    [
      `[upgrade/versions] Cluster version: v1.18.2`,
      `[upgrade/versions] kubeadm version: ${kubeadm}`,
      '',
      "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':",
      'COMPONENT   CURRENT       AVAILABLE',
      ...kubelets,
      '',
      'Upgrade to the latest version in the v1.18 series:',
      '',
      'COMPONENT                 CURRENT   AVAILABLE',
      'kube-apiserver            v1.18.2   v1.19.16',
      `CoreDNS                   1.6.7     ${dns}`,
      `etcd                      3.4.3-0   ${etcd}`,
      '',
      '\tkubeadm upgrade apply v1.19.16',
    ].join('\n');

  it('agrees once kubeadm is on the hop', () => {
    const text = kubeadmSays(
      'v1.19.16',
      ['kubelet     3 x v1.18.2   v1.19.16'],
      '3.4.13-0',
      '1.7.0',
    );
    expect(compareWithKubeadm(parseKubeadmUpgradePlan(text), ours())).toEqual([]);
  });

  it('an older kubeadm: says why its etcd and CoreDNS differ instead of listing them', () => {
    const text = kubeadmSays('v1.18.2', ['Kubelet     3 x v1.18.2   v1.19.16'], '3.4.3-0', '1.6.7');
    const diff = compareWithKubeadm(parseKubeadmUpgradePlan(text), ours());
    expect(diff.map((d) => [d.subject, d.kubeadm, d.kubelab])).toEqual([
      ['kubeadm-version', '1.18.2', '1.19.16'],
    ]);
  });

  it('names the kubelet left behind', () => {
    const text = kubeadmSays(
      'v1.19.16',
      ['kubelet     1 x v1.18.1   v1.19.16', '            2 x v1.18.2   v1.19.16'],
      '3.4.13-0',
      '1.7.0',
    );
    const diff = compareWithKubeadm(parseKubeadmUpgradePlan(text), ours());
    expect(diff.map((d) => [d.subject, d.kubeadm, d.kubelab])).toEqual([
      ['kubelet-version', '1 x 1.18.1', '1.18.2'],
    ]);
    expect(diff[0]?.text.en).toContain('1 kubelet(s) on 1.18.1');
  });

  it('a control plane already on the hop (a run stopped after apply): says the run goes on with the nodes', () => {
    // kubeadm 1.19+ prints no table when nothing is newer (plan.go: only a V(1) log line).
    const text = [
      '[upgrade/versions] Cluster version: v1.19.16',
      '[upgrade/versions] kubeadm version: v1.19.16',
      '[upgrade/versions] Latest stable version: v1.19.16',
      '[upgrade/versions] Latest version in the v1.19 series: v1.19.16',
    ].join('\n');
    const diff = compareWithKubeadm(parseKubeadmUpgradePlan(text), ours());
    expect(diff.map((d) => d.subject)).toEqual(['cluster-version', 'no-matching-upgrade']);
    expect(diff[1]?.text.en).toContain('the control plane already runs 1.19.16');
    expect(diff[1]?.text.zh).toContain('控制平面已运行 1.19.16');
  });

  it('names the node of a kubelet left behind in the NODE format', () => {
    const text = [
      "Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':",
      'COMPONENT   NODE      CURRENT   TARGET',
      'kubelet     node1     v1.18.3   v1.18.5',
      'kubelet     node2     v1.18.2   v1.18.5',
      '',
      'Upgrade to the latest version in the v1.18 series:',
      '',
      'COMPONENT                 NODE      CURRENT   TARGET',
      'kube-apiserver            node1     v1.18.3   v1.18.5',
      '',
      '\tkubeadm upgrade apply v1.18.5',
    ].join('\n');
    const r = planUpgrade({
      plan: guidePlan(),
      nodes: guideNodes(),
      current: '1.18.3',
      to: '1.18',
    });
    if (!r.plan) throw new Error('no plan');
    const diff = compareWithKubeadm(parseKubeadmUpgradePlan(text), r.plan);
    expect(diff.find((d) => d.subject === 'kubelet-version')?.text.en).toContain('(node2)');
  });
});
