/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import en from '../../../../resources/i18n/en.json';
import zhCN from '../../../../resources/i18n/zh-CN.json';
import { ENTRY_STATES } from '../../../../common/contracts/bundle';
import { ARTIFACT_PHASES } from '../../state/bundleBuild';
import { ARTIFACT_KINDS, NAME_PROBLEMS } from './bundleView';

/**
 * Every key the Bundle page and the Plan's toggle ask for exists in English and in Chinese: the
 * literal `t('…')` keys read from the components' source, and the keys built from the states the
 * code can produce (artifact kinds, phases, check states, name problems), with i18next's plural
 * suffixes where a count is given.
 */
type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** A key resolves when it is a string, or (used with a count) has its `_one` and `_other`. */
function resolves(tree: Tree, key: string): boolean {
  return (
    lookup(tree, key) !== undefined ||
    (lookup(tree, `${key}_one`) !== undefined && lookup(tree, `${key}_other`) !== undefined)
  );
}

// The components' source text, as Vite reads any file (`?raw`): no file-system access needed.
const sources = Object.values(
  import.meta.glob<string>(['./*.tsx', '../plan/OfflineToggle.tsx'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);

const literalKeys = [
  ...new Set(
    sources.flatMap((text) => [...text.matchAll(/\bt\('([\w.-]+)'/g)].map((m) => m[1] ?? '')),
  ),
];

const builtKeys = [
  'nav.bundle',
  ...ARTIFACT_KINDS.map((k) => `bundle.kind.${k}`),
  ...ARTIFACT_PHASES.map((p) => `bundle.phase.${p}`),
  ...ENTRY_STATES.flatMap((s) => [`bundle.check.${s}`, `bundle.check.count.${s}`]),
  ...NAME_PROBLEMS.map((p) => `bundle.build.name.${p}`),
];

describe('Bundle page translations', () => {
  it('reads the page’s literal keys from its components', () => {
    expect(literalKeys).toContain('bundle.build.start');
    expect(literalKeys).toContain('plan.offline.label');
    expect(literalKeys.length).toBeGreaterThan(40);
  });

  for (const [language, tree] of [
    ['en', en],
    ['zh-CN', zhCN],
  ] as const) {
    it(`has every key in ${language}`, () => {
      const missing = [...literalKeys, ...builtKeys].filter((k) => !resolves(tree as Tree, k));
      expect(missing).toEqual([]);
    });
  }

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string | undefined): string[] =>
      [...(text ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
    const differ = [...literalKeys, ...builtKeys].filter(
      (k) =>
        placeholders(lookup(en as Tree, k)).join() !== placeholders(lookup(zhCN as Tree, k)).join(),
    );
    expect(differ).toEqual([]);
  });
});
