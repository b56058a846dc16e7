/**
 * Debian version comparison, as dpkg does it (Debian Policy §5.6.12 "Version":
 * https://www.debian.org/doc/debian-policy/ch-controlfields.html#version): `[epoch:]upstream
 * [-revision]`; epochs compare as numbers; upstream and revision are compared in alternating
 * runs of non-digits (letters sort before non-letters, `~` before everything, even the end) and
 * digits (as numbers).
 */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Non-digit run, character by character.
    while ((i < a.length && !/\d/.test(a[i] ?? '')) || (j < b.length && !/\d/.test(b[j] ?? ''))) {
      const ca = i < a.length && !/\d/.test(a[i] ?? '') ? a[i] : undefined;
      const cb = j < b.length && !/\d/.test(b[j] ?? '') ? b[j] : undefined;
      const diff = order(ca) - order(cb);
      if (diff !== 0) return diff;
      if (ca !== undefined) i++;
      if (cb !== undefined) j++;
    }
    // Digit run, as a number.
    let na = '';
    let nb = '';
    while (i < a.length && /\d/.test(a[i] ?? '')) na += a[i++];
    while (j < b.length && /\d/.test(b[j] ?? '')) nb += b[j++];
    const diff = Number(na || '0') - Number(nb || '0');
    if (diff !== 0) return diff;
  }
  return 0;
}

function split(v: string): { epoch: number; upstream: string; revision: string } {
  const colon = v.indexOf(':');
  const epoch = colon >= 0 ? Number(v.slice(0, colon)) : 0;
  const rest = colon >= 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return dash >= 0
    ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) }
    : { epoch, upstream: rest, revision: '' };
}

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function compareDebVersions(a: string, b: string): number {
  const x = split(a);
  const y = split(b);
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  return comparePart(x.upstream, y.upstream) || comparePart(x.revision, y.revision);
}

/** The upstream part of a Debian version: `1.29.4-2.1` → `1.29.4` (the revision is after the last `-`). */
export function debUpstream(v: string): string {
  return split(v).upstream;
}
