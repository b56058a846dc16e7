/**
 * Text into Markdown (CommonMark + GitHub / GitLab tables) as text. Every value in a report can
 * come from a user or a machine (a node named `<img src=x onerror=…>`, a kernel string, a pod's
 * message), and a wiki renders the file, so a value is never allowed to become markup: HTML is
 * written as entities, inline syntax is backslash-escaped (CommonMark §2.4: any ASCII punctuation
 * may be), and a new line cannot start a heading or a list.
 * https://spec.commonmark.org/0.31.2/#backslash-escapes, https://github.github.com/gfm/#tables-extension-
 */

/** Markdown written by the report itself (bold, code spans): put in a table as it is. */
export interface Md {
  md: string;
}

/** One line of text as Markdown; new lines become `newline` (a space, or `<br>` in a table). */
export function mdText(value: string | number, newline = ' '): string {
  return String(value)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, newline);
}

/**
 * A code span holding `text` literally: its backtick run is longer than any inside the text
 * (CommonMark §6.1), padded when the text starts or ends with one. New lines become spaces.
 */
export function codeSpan(text: string): Md {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return { md: `${ticks}${pad}${flat}${pad}${ticks}` };
}

/** **bold** text. */
export function bold(text: string): Md {
  return { md: `**${mdText(text)}**` };
}

export type Cell = string | number | undefined | Md;

/**
 * A table cell. Text is escaped; the report's own Markdown keeps its syntax, but a `|` in it
 * (inside a code span) is still escaped: GFM splits cells before it reads spans.
 */
export function cell(value: Cell): string {
  if (value === undefined || value === '') return '–';
  if (typeof value === 'object') return value.md.replace(/(?<!\\)\|/g, '\\|');
  return mdText(value, '<br>');
}

export function mdTable(headers: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const head = `| ${headers.map(cell).join(' | ')} |`;
  const sep = `| ${headers.map(() => '---').join(' | ')} |`;
  return [head, sep, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** A fenced code block longer than any backtick run inside, so the content cannot close it. */
export function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text.replace(/\n$/, '')}\n${f}`;
}
