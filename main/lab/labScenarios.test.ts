import { describe, expect, it } from 'vitest';
import { listScenarios, scenarioDescription, scenarioDescriptionZh } from './labScenarios';
import { defaultLabDir } from './labService';

describe('lab scenarios', () => {
  it('take the description field, else the first comment line', () => {
    expect(scenarioDescription('# comment\nname: a\ndescription: field\n')).toBe('field');
    expect(scenarioDescription('# Swap is on.\nname: swap-on\n')).toBe('Swap is on.');
    expect(scenarioDescription('name: bare\n')).toBe('');
    expect(scenarioDescription('# still read\n: : not yaml [\n')).toBe('still read');
  });

  it('take the Chinese description from descriptionZh only', () => {
    expect(scenarioDescriptionZh('name: a\ndescription: en\ndescriptionZh: 中文\n')).toBe('中文');
    expect(scenarioDescriptionZh('name: a\ndescription_zh: 中文\n')).toBeUndefined();
    expect(scenarioDescriptionZh('# comment\nname: a\ndescription: en\n')).toBeUndefined();
  });

  it('say what a run shows for the scenarios kubelab fixes itself (issue 18 item 8)', () => {
    const byName = new Map(listScenarios(defaultLabDir() ?? '').map((s) => [s.name, s]));
    // prepare-os turns swap off (main/steps/scripts/prepare-os.sh: swapoff -a); the
    // container-runtime step sets SystemdCgroup = true: neither scenario fails.
    expect(byName.get('swap-on')?.description).toMatch(/kubelab's prepare-os turns it off/);
    expect(byName.get('swap-on')?.descriptionZh).toMatch(/prepare-os 会关闭它/);
    expect(byName.get('cgroup-mismatch')?.description).toMatch(/container-runtime step sets it/);
    expect(byName.get('cgroup-mismatch')?.description).not.toMatch(/times out/);
    expect(byName.get('firewall-6443')?.descriptionZh).toMatch(/wait-control-plane/);
  });

  it('lists every committed scenario, guide first, each with a description', () => {
    const dir = defaultLabDir();
    expect(dir).toBeDefined();
    const scenarios = listScenarios(dir ?? '');
    expect(scenarios[0]?.name).toBe('guide');
    expect(scenarios.length).toBeGreaterThan(10);
    for (const s of scenarios) expect(s.description, s.name).not.toBe('');
  });

  it('carries the Chinese line where a scenario has one (the issue 16 scenarios do)', () => {
    expect(scenarioDescriptionZh('name: a\ndescriptionZh: 中文\n')).toBe('中文');
    expect(scenarioDescriptionZh('name: a\n')).toBeUndefined();
    const byName = new Map(listScenarios(defaultLabDir() ?? '').map((s) => [s.name, s]));
    for (const name of ['containerd2', 'multiple-cri', 'retired-repo']) {
      expect(byName.get(name)?.description, name).not.toBe('');
      expect(byName.get(name)?.descriptionZh, name).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
