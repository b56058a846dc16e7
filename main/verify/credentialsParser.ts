import { parseCheckExpiration as parseKubeadmTables } from '../../common/certs/checkExpiration';
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

function toIso(rfc3339: string): string | undefined {
  const t = Date.parse(rfc3339);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * The certificates of check-expiration's two tables, read by the one check-expiration parser
 * (common/certs/checkExpiration.ts, every table form); `!MISSING!` rows carry no date: left out.
 */
export function parseCheckExpiration(text: string): CredentialExpiry['certificates'] {
  const out: CredentialExpiry['certificates'] = [];
  for (const c of parseKubeadmTables(text)?.certificates ?? []) {
    if (c.expiresAt) out.push({ name: c.name, expiresAt: c.expiresAt, authority: c.authority });
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
