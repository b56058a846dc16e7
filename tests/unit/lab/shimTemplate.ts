/**
 * Reads the message a lab shim prints straight from its source, so a test can hold it against
 * real published output without running the shim (the shims need a lab node to run).
 */

/** A string or template literal of the shim's source, still in source form. */
export interface Literal {
  /** Literal text between the quotes, JS escapes not yet resolved. */
  raw: string;
  /** The `${…}` expressions, in order. */
  expressions: string[];
  /** The literal parts around the expressions (one more than `expressions`), escapes resolved. */
  parts: string[];
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function unescape(s: string): string {
  return s.replace(/\\(.)/gs, (_m, c: string) => ESCAPES[c] ?? c);
}

/**
 * The literal that opens right where `anchor` ends (the anchor must end with its opening quote:
 * ', " or `). `from` skips earlier occurrences. Inside a template, `${…}` is skipped by counting
 * braces, which holds for the shims' expressions.
 */
export function literalAfter(source: string, anchor: string, from = ''): Literal {
  const start = source.indexOf(from);
  const at = source.indexOf(anchor, start < 0 ? 0 : start);
  if (start < 0 || at < 0) throw new Error(`anchor not found: ${from} … ${anchor}`);
  const quote = anchor.at(-1);
  if (quote !== "'" && quote !== '"' && quote !== '`')
    throw new Error('anchor must end with a quote');
  const parts: string[] = [];
  const expressions: string[] = [];
  let part = '';
  let i = at + anchor.length;
  for (; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      part += source.slice(i, i + 2);
      i++;
    } else if (c === quote) {
      break;
    } else if (quote === '`' && c === '$' && source[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      for (; j < source.length && depth > 0; j++) {
        if (source[j] === '{') depth++;
        else if (source[j] === '}') depth--;
      }
      parts.push(part);
      expressions.push(source.slice(i + 2, j - 1));
      part = '';
      i = j - 1;
    } else {
      part += c;
    }
  }
  parts.push(part);
  return { raw: source.slice(at + anchor.length, i), expressions, parts: parts.map(unescape) };
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regular expression for what the literal prints: literal parts as they are, each expression
 * as `fill[i]` (regex source) when given, otherwise "anything on one line".
 */
export function printedAs(literal: Literal, fill: readonly (string | undefined)[] = []): RegExp {
  const source = literal.parts
    .map((p, i) => escapeRegex(p) + (i < literal.expressions.length ? (fill[i] ?? '(.+?)') : ''))
    .join('');
  return new RegExp(`^${source}$`);
}
