import { describe, expect, it } from 'vitest';
import { buildReport } from '../../common/report/build';
import type { Report } from '../../common/report/model';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { renderMarkdown } from './markdown';

// Issue 14, defect 7: a node named `<img src=x onerror=…>` appeared raw in the Markdown report
// (the HTML report escaped it). A wiki renders such a report, so every value a user or a machine
// controls must come out as text, and must not break the table or fence it sits in.
const HOSTILE =
  ' <img src=x onerror=alert(1)> | `code` *b* _i_ [l](javascript:alert(1)) ~s~ \\ &amp;\n# h\n```\n<script>x</script>';

/** Every string in the report with HOSTILE appended, except the language the report is in. */
function poison<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (key === 'lang' ? value : value + HOSTILE) as T;
  if (Array.isArray(value)) return value.map((v) => poison(v, key)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)])) as T;
  }
  return value;
}

/** The document without its fenced code blocks (their content is literal by definition). */
function outsideFences(md: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    if (fence) {
      if (line === fence) fence = undefined;
      continue;
    }
    const open = /^(`{3,})[\w-]*$/.exec(line);
    if (open) fence = open[1];
    else out.push(line);
  }
  expect(fence, 'every fence is closed').toBeUndefined();
  return out.join('\n');
}

/** Code spans opened and closed by backtick runs of one length (CommonMark §6.1). */
function withoutCodeSpans(text: string): string {
  return text.replace(/(?<!\\)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

function unescapedPipes(line: string): number {
  return [...line.matchAll(/(?<!\\)\|/g)].length;
}

describe.each(['en', 'zh-CN'] as const)('Markdown report escaping (%s)', (lang) => {
  const report: Report = poison(buildReport(guideReportInput(lang)));
  const md = renderMarkdown(report);
  const text = outsideFences(md);

  it('writes no HTML from a value: only its own <br> (a code span is literal text)', () => {
    expect(withoutCodeSpans(text)).not.toMatch(/<img|<script/i);
    expect(withoutCodeSpans(text).replace(/<br>/g, '')).not.toContain('<');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('writes no link, emphasis, code span or strike from a value', () => {
    const plain = withoutCodeSpans(text);
    expect(plain).not.toMatch(/(?<!\\)\[l(?<!\\)\]\(/);
    expect(plain).not.toMatch(/(?<!\\)\*b(?<!\\)\*/);
    expect(plain).not.toMatch(/(?<!\\)_i(?<!\\)_/);
    expect(plain).not.toMatch(/(?<!\\)~s(?<!\\)~/);
    expect(plain).toContain('\\[l\\](javascript:alert(1))');
    expect(text).toContain('\\`code\\`');
  });

  it('keeps every table row to its header’s columns', () => {
    const lines = text.split('\n');
    let columns: number | undefined;
    let tables = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        columns = undefined;
        continue;
      }
      if (columns === undefined) {
        columns = unescapedPipes(line);
        tables += 1;
      }
      expect(unescapedPipes(line), line.slice(0, 120)).toBe(columns);
    }
    expect(tables).toBeGreaterThan(5);
  });

  it('starts no heading, list or block from a value’s new line', () => {
    expect(text).not.toMatch(/^# h/m);
    expect(text.match(/^# /gm)).toHaveLength(1);
  });

  it('keeps the Mermaid labels free of markup and entity codes', () => {
    const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(md)?.[1] ?? '';
    expect(mermaid).toContain('graph TD');
    const labels = [...mermaid.matchAll(/"([^"\n]*)"/g)].map((m) => m[1] ?? '');
    expect(labels.length).toBeGreaterThan(4);
    for (const label of labels) expect(label).not.toMatch(/[<>#&`]/);
    expect(mermaid.split('\n').every((l) => l === 'graph TD' || l.startsWith('  '))).toBe(true);
  });
});
