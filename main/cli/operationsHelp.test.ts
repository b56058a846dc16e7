// Issue 15: `kubelab --help` lists the operations from the catalog, so a new operation (here the
// throwaway fixture of tests/fixtures/operations) appears without editing program.ts.
import { describe, expect, it } from 'vitest';
import { OPERATIONS, type OperationInfo } from '../../common/catalog/operations';
import { throwawayInfo } from '../../tests/fixtures/operations/throwaway';
import { buildProgram } from './program';

function helpOf(operations: readonly OperationInfo[], lang: 'en' | 'zh' = 'en'): string {
  let text = '';
  const program = buildProgram(operations, lang).configureOutput({
    writeOut: (t) => void (text += t),
  });
  program.outputHelp();
  return text;
}

const throwaway: OperationInfo = {
  ...throwawayInfo,
  summary: { en: 'Say hello on chosen machines.', zh: '在所选机器上打个招呼。' },
  built: true,
  offered: () => true,
};

describe('kubelab --help lists the catalog’s operations', () => {
  it('a fixture operation appears with its command, title and summary', () => {
    const help = helpOf([...OPERATIONS, throwaway]);
    expect(help).toMatch(/^ {2}kubelab throwaway +Throwaway: Say hello on chosen machines\.$/m);
    expect(helpOf(OPERATIONS)).not.toContain('throwaway');
  });

  it('every built operation is listed, in Chinese too; an unbuilt one is not', () => {
    const en = helpOf(OPERATIONS);
    const zh = helpOf(OPERATIONS, 'zh');
    for (const o of OPERATIONS.filter((x) => x.built)) {
      expect(en).toContain(`${o.title.en}: ${o.summary.en}`);
      expect(zh).toContain(`${o.title.zh}: ${o.summary.zh}`);
    }
    for (const o of OPERATIONS.filter((x) => !x.built)) expect(en).not.toContain(o.title.en);
    expect(en).toMatch(/^ {2}kubelab reset --node <id> +Reset a machine:/m);
  });
});
