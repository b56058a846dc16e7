/**
 * `kubeadm token list` read back into rows. Since 1.16 (kubernetes/kubernetes#78764) kubeadm
 * prints each token through its own tabwriter, so rows do not share column offsets: a row is
 * TOKEN, TTL, EXPIRES (RFC 3339 or `<never>`) and USAGES without blanks, then DESCRIPTION (may hold
 * blanks) and EXTRA GROUPS (none) — cmd/kubeadm/app/cmd/token.go formatBootstrapToken; `<none>`
 * stands for an empty description, usage list or group list. Published outputs:
 * tests/fixtures/real/token-list/.
 */

export interface BootstrapTokenRow {
  /** The whole `<id>.<secret>`: a credential. Callers keep it off every list and log. */
  token: string;
  id: string;
  /** TTL as printed (`23h`, `<forever>`, `<invalid>`). */
  ttl: string;
  /** ISO time; absent for a token that never expires. */
  expiresAt?: string;
  usages: string[];
  /** Empty when kubeadm printed `<none>`. */
  description: string;
  groups: string[];
}

const ROW = /^([a-z0-9]{6})\.([a-z0-9]{16})\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*?)\s+(\S+)\s*$/;
const list = (s: string): string[] => (s === '<none>' ? [] : s.split(',').filter(Boolean));

/** Every token row; a text without kubeadm's header gives undefined (an error, not "no tokens"). */
export function parseTokenList(text: string): BootstrapTokenRow[] | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (!lines.some((l) => /^TOKEN\s+TTL\s+EXPIRES\s+USAGES\s+DESCRIPTION\s+EXTRA GROUPS/.test(l))) {
    // kubeadm prints nothing at all when there is no token.
    return lines.every((l) => l.trim() === '') ? [] : undefined;
  }
  const rows: BootstrapTokenRow[] = [];
  for (const line of lines) {
    const m = ROW.exec(line);
    if (!m) continue;
    const [
      ,
      id = '',
      secret = '',
      ttl = '',
      expires = '',
      usages = '',
      description = '',
      groups = '',
    ] = m;
    const t = Date.parse(expires);
    rows.push({
      token: `${id}.${secret}`,
      id,
      ttl,
      ...(expires !== '<never>' && !Number.isNaN(t)
        ? { expiresAt: new Date(t).toISOString() }
        : {}),
      usages: list(usages),
      description: description === '<none>' ? '' : description,
      groups: list(groups),
    });
  }
  return rows;
}
