import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../../../common/model/preflight';
import { renderFix } from '../../../../../common/diagnosis/fixes';
import { initI18n } from '../../../i18n';
import { CheckGroup } from './CheckGroup';
import { errorField, fixNodeChoices, paramsFor, previewCommands } from './fixPreview';
import { canFix, groupResults, resultKey } from './groups';
import { PreflightSummary } from './PreflightSummary';

const i18n = initI18n('en');

const result = (over: Partial<CheckResult> & Pick<CheckResult, 'checkId'>): CheckResult => ({
  nodeIds: ['master1'],
  status: 'pass',
  severity: 'block',
  message: { en: `${over.checkId} en`, zh: `${over.checkId} zh` },
  evidence: '',
  ...over,
});

const swap = result({
  checkId: 'swap-active',
  status: 'fail',
  evidence: '/swap.img (file, 2097148 kB)',
  fix: renderFix('swap-off'),
});
const modules = result({
  checkId: 'kernel-modules',
  status: 'fail',
  severity: 'warn',
  fixedBy: 'prepare-os',
  evidence: 'br_netfilter not loaded',
});
const clock = result({ checkId: 'clock-skew', status: 'unknown', severity: 'warn' });
const cpus = result({ checkId: 'cpus' });
const swapNode1 = { ...swap, nodeIds: ['node1'] };

describe('groupResults', () => {
  it('counts as the CLI does and groups blocking, warnings, not checked, passed', () => {
    const g = groupResults([cpus, clock, modules, swap, swapNode1]);
    expect(g.counts).toEqual({ block: 2, warn: 1, pass: 1, unknown: 1 });
    expect(g.doneByInstall).toBe(1);
    expect(g.groups.block.map(resultKey)).toEqual(['swap-active--master1', 'swap-active--node1']);
    expect(g.groups.warn).toEqual([modules]);
    expect(g.groups.unknown).toEqual([clock]);
    expect(g.groups.pass).toEqual([cpus]);
  });
  it('is empty but well formed for no results', () => {
    const g = groupResults([]);
    expect(g.counts).toEqual({ block: 0, warn: 0, pass: 0, unknown: 0 });
    expect(Object.values(g.groups).flat()).toEqual([]);
  });
  it('offers Fix only on failing results with a fix', () => {
    expect(canFix(swap)).toBe(true);
    expect(canFix(modules)).toBe(false);
    expect(canFix({ ...swap, status: 'pass' })).toBe(false);
  });
});

describe('fix preview helpers', () => {
  const hostnameFix = renderFix('set-hostname');
  it('shows typed values in place of missing params, placeholders otherwise', () => {
    expect(hostnameFix.missingParams).toEqual(['hostname']);
    expect(previewCommands(hostnameFix.commands, hostnameFix.missingParams, {})).toEqual([
      'hostnamectl set-hostname ${hostname}',
    ]);
    expect(
      previewCommands(hostnameFix.commands, hostnameFix.missingParams, { hostname: ' node2 ' }),
    ).toEqual(['hostnamectl set-hostname node2']);
    expect(paramsFor(['hostname'], { hostname: ' node2 ', other: 'x' })).toEqual({
      hostname: 'node2',
    });
  });
  it('asks for the pair target only, or any node of a cross-node finding (last first)', () => {
    expect(fixNodeChoices({ checkId: 'network-ports', nodeIds: ['a', 'b'] })).toEqual(['b']);
    expect(fixNodeChoices({ checkId: 'duplicate-hostname', nodeIds: ['a', 'b'] })).toEqual([
      'b',
      'a',
    ]);
  });
  it('maps back-end field errors to inputs', () => {
    expect(errorField('params.hostname')).toBe('hostname');
    expect(errorField('nodeId')).toBe('nodeId');
    expect(errorField('checkId')).toBeUndefined();
    expect(errorField(undefined)).toBeUndefined();
  });
});

describe('preflight panel markup', () => {
  const names = (ids: readonly string[]): string => ids.map((id) => id.toUpperCase()).join(', ');
  it('draws a blocking result with its node, message, evidence and Fix', () => {
    const html = renderToStaticMarkup(
      <CheckGroup
        id="block"
        results={[swap]}
        names={names}
        onFix={() => undefined}
        fixDisabled={false}
      />,
    );
    expect(html).toContain('Blocking (1)');
    expect(html).toContain('MASTER1');
    expect(html).toContain('swap-active en');
    expect(html).toContain('/swap.img (file, 2097148 kB)');
    expect(html).toContain('data-testid="check-fix"');
  });
  it('notes the install step that fixes a warning, and keeps passes collapsed', () => {
    const warn = renderToStaticMarkup(
      <CheckGroup
        id="warn"
        results={[modules]}
        names={names}
        onFix={() => undefined}
        fixDisabled={false}
      />,
    );
    expect(warn).toContain('Fixed by the install step “Prepare the OS”');
    expect(warn).not.toContain('data-testid="check-fix"');
    const pass = renderToStaticMarkup(
      <CheckGroup
        id="pass"
        results={[cpus]}
        names={names}
        onFix={() => undefined}
        fixDisabled={false}
      />,
    );
    expect(pass).toMatch(/^<details[^>]*>(?!.*open)/);
    expect(
      renderToStaticMarkup(
        <CheckGroup
          id="unknown"
          results={[]}
          names={names}
          onFix={() => undefined}
          fixDisabled={false}
        />,
      ),
    ).toBe('');
  });
  it('summarises in English and in Chinese', async () => {
    const g = groupResults([cpus, clock, modules, swap]);
    const en = renderToStaticMarkup(<PreflightSummary grouped={g} durationMs={1500} />);
    expect(en).toContain('1 blocking, 1 warnings, 1 passed, 1 not checked.');
    await i18n.changeLanguage('zh-CN');
    try {
      const zh = renderToStaticMarkup(<PreflightSummary grouped={g} durationMs={1500} />);
      expect(zh).toContain('1 项阻断，1 项警告，1 项通过，1 项未检查。');
      const item = renderToStaticMarkup(
        <CheckGroup
          id="block"
          results={[swap]}
          names={names}
          onFix={() => undefined}
          fixDisabled={false}
        />,
      );
      expect(item).toContain('swap-active zh');
      expect(item).toContain('阻断（1）');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
