import type { CredentialExpiry } from '../../common/model/verification';

/**
 * Credential expiry from the control plane's kubeadm, as verify.sh collects it (read-only):
 *
 * - `kubeadm token list`, the table every kubeadm prints (`-o json` only exists in newer ones):
 *   `TOKEN TTL EXPIRES USAGES DESCRIPTION EXTRA GROUPS`, EXPIRES in RFC 3339 or `<never>`
 *   (kubeadm cmd/token.go; sample in kubernetes.io "Creating a cluster with kubeadm", "Joining
 *   your nodes"). verify.sh replaces every secret by `<redacted>` on the node; this parser keeps
 *   only the token id in any case.
 * - `kubeadm certs check-expiration` (1.20+; `kubeadm alpha certs check-expiration` before, see
 *   kubernetes/kubernetes#94938 and #97706): a `CERTIFICATE` table and a `CERTIFICATE AUTHORITY`
 *   table, EXPIRES as `Dec 30, 2020 23:36 UTC` (kubernetes.io "Certificate Management with
 *   kubeadm", "Check certificate expiration").
 */

/** The token kubeadm creates to time the uploaded certificates (phases/uploadcerts). */
const CERT_KEY_TOKEN = 'Proxy for managing TTL for the kubeadm-certs secret';

export function parseTokenList(
  text: string,
): Pick<CredentialExpiry, 'tokens' | 'certificateKeyExpiresAt'> {
  const tokens: CredentialExpiry['tokens'] = [];
  let certificateKeyExpiresAt: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^([a-z0-9]{6})\.\S+\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, id = '', , expires = '', usages = '', rest = ''] = m;
    const expiresAt = /^\d{4}-\d\d-\d\dT/.test(expires) ? toIso(expires) : undefined;
    if (rest.includes(CERT_KEY_TOKEN)) {
      if (expiresAt) certificateKeyExpiresAt = expiresAt;
      continue;
    }
    tokens.push({ id, usages, ...(expiresAt ? { expiresAt } : {}) });
  }
  return certificateKeyExpiresAt ? { tokens, certificateKeyExpiresAt } : { tokens };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function toIso(rfc3339: string): string | undefined {
  const t = Date.parse(rfc3339);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** `Dec 30, 2020 23:36 UTC` → ISO. */
function checkExpirationDate(s: string): string | undefined {
  const m = /([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) (\d{2}):(\d{2}) UTC/.exec(s);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month < 0) return undefined;
  return new Date(
    Date.UTC(Number(m[3]), month, Number(m[2]), Number(m[4]), Number(m[5])),
  ).toISOString();
}

export function parseCheckExpiration(text: string): CredentialExpiry['certificates'] {
  const out: CredentialExpiry['certificates'] = [];
  let table: 'cert' | 'ca' | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (/^CERTIFICATE AUTHORITY\s+EXPIRES/.test(line)) table = 'ca';
    else if (/^CERTIFICATE\s+EXPIRES/.test(line)) table = 'cert';
    else if (table) {
      // Newer kubeadm marks absent files `!MISSING! name` (no dates): skipped.
      const name = /^(\S+)\s/.exec(line)?.[1];
      const expiresAt = checkExpirationDate(line);
      if (name && expiresAt && name !== '!MISSING!')
        out.push({ name, expiresAt, authority: table === 'ca' });
    }
  }
  return out;
}

/** Both sections → the model's credential expiry; undefined when neither said anything usable. */
export function parseCredentials(tokens: string, certs: string): CredentialExpiry | undefined {
  const t = parseTokenList(tokens);
  const certificates = parseCheckExpiration(certs);
  const headerSeen = /^TOKEN\s+TTL/m.test(tokens);
  if (!headerSeen && t.tokens.length === 0 && certificates.length === 0) return undefined;
  return { ...t, certificates };
}
