import { describe, expect, it } from 'vitest';
import { listScenarios, scenarioDescription } from './labScenarios';
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
});
