import { describe, expect, it } from 'vitest';
import { catalogLang, countByStatus, logPane } from './historyView';

describe('history view', () => {
  it('counts cells by status in the engine’s order, leaving out statuses no cell has', () => {
    const cells = [
      { status: 'failed' as const },
      { status: 'done' as const },
      { status: 'skipped' as const },
      { status: 'done' as const },
    ];
    expect(countByStatus(cells)).toEqual([
      { status: 'done', count: 2 },
      { status: 'failed', count: 1 },
      { status: 'skipped', count: 1 },
    ]);
    expect(countByStatus([])).toEqual([]);
  });

  it('shows loading, an error, no log, or the text with its full size when only the end came', () => {
    expect(logPane(undefined, undefined)).toEqual({ kind: 'loading' });
    expect(logPane(undefined, 'This project has no run r1.')).toEqual({
      kind: 'error',
      message: 'This project has no run r1.',
    });
    expect(logPane({ runId: null, text: '', totalBytes: 0, truncated: false }, undefined)).toEqual({
      kind: 'none',
    });
    expect(
      logPane({ runId: 'r1', text: 'tail\n', totalBytes: 300000, truncated: true }, undefined),
    ).toEqual({ kind: 'text', text: 'tail\n', truncatedOf: 300000 });
    expect(
      logPane({ runId: 'r1', text: 'whole\n', totalBytes: 6, truncated: false }, undefined),
    ).toEqual({ kind: 'text', text: 'whole\n' });
  });

  it('maps the UI language to the catalog’s', () => {
    expect(catalogLang('zh-CN')).toBe('zh');
    expect(catalogLang('en')).toBe('en');
  });
});
