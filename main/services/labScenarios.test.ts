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
