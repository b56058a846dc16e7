import { esc } from '../../common/report/escape';

/** Small HTML builders; every argument named `text` is escaped here, `html` is trusted markup. */

export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  cls = '',
): string {
  const head = `<thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table${cls ? ` class="${cls}"` : ''}>${head}<tbody>${body}</tbody></table>`;
}

export function kv(rows: readonly (readonly [string, string])[]): string {
  const body = rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('');
  return `<table class="kv"><tbody>${body}</tbody></table>`;
}

export function pill(text: string, tone: 'ok' | 'bad' | 'warn' | 'muted'): string {
  return `<span class="pill ${tone}">${esc(text)}</span>`;
}

/** `lead` stays on the heading's page (a heading alone at a page's foot helps nobody). */
export function section(id: string, title: string, html: string, lead = ''): string {
  return `<section id="${esc(id)}"><div class="keep"><h2>${esc(title)}</h2>${lead}</div>${html}</section>`;
}

export function pre(text: string, cls = ''): string {
  return `<pre${cls ? ` class="${cls}"` : ''}>${esc(text)}</pre>`;
}

export function opt(text: string | number | undefined): string {
  return text === undefined || text === '' ? '–' : esc(text);
}
