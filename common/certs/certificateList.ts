import type { CheckExpiration } from './checkExpiration';
import { CERT_WARN_DAYS, type CertificateEntry, type CertificateList } from './model';

const DAY = 86_400;

/** expired below zero, warn within CERT_WARN_DAYS, else ok. */
export function certStatus(residualSeconds: number): CertificateEntry['status'] {
  if (residualSeconds < 0) return 'expired';
  return residualSeconds < CERT_WARN_DAYS * DAY ? 'warn' : 'ok';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `openssl x509 -noout -enddate`: `notAfter=Dec  6 23:36:00 2027 GMT` (OpenSSL's
 * ASN1_TIME_print: month, day padded to 2, time, year, GMT) → ISO.
 */
export function parseOpensslEndDate(line: string): string | undefined {
  const m = /notAfter=([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT/.exec(line);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month < 0) return undefined;
  const t = Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return new Date(t).toISOString();
}

export interface NodeRef {
  nodeId: string;
  nodeName: string;
}

export interface KubeletCert extends NodeRef {
  source: 'kubelet-client' | 'kubelet-serving';
  path: string;
  /** undefined: the file is absent or unreadable. */
  expiresAt?: string;
}

function timed(
  base: Omit<CertificateEntry, 'status'>,
  expiresAt: string | undefined,
  now: number,
): CertificateEntry {
  if (!expiresAt) return { ...base, status: 'missing' };
  const residualSeconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  return { ...base, expiresAt, residualSeconds, status: certStatus(residualSeconds) };
}

/**
 * Every certificate on one list, the soonest to expire first and the missing ones last (kubeadm's
 * `!MISSING!` is normal for external etcd or a joined control plane's super-admin.conf).
 */
export function buildCertificateList(
  kubeadm: readonly (NodeRef & { table: CheckExpiration })[],
  kubelet: readonly KubeletCert[],
  errors: CertificateList['errors'],
  now: number,
): CertificateList {
  const entries: CertificateEntry[] = [];
  for (const cp of kubeadm)
    for (const c of cp.table.certificates)
      entries.push(
        timed(
          {
            nodeId: cp.nodeId,
            nodeName: cp.nodeName,
            source: 'kubeadm',
            name: c.name,
            authority: c.authority,
            ...(c.residual ? { residualPrinted: c.residual } : {}),
            ...(c.signedBy ? { signedBy: c.signedBy } : {}),
            ...(c.externallyManaged !== undefined
              ? { externallyManaged: c.externallyManaged }
              : {}),
          },
          c.expiresAt,
          now,
        ),
      );
  for (const k of kubelet)
    entries.push(
      timed(
        {
          nodeId: k.nodeId,
          nodeName: k.nodeName,
          source: k.source,
          name: k.path,
          authority: false,
        },
        k.expiresAt,
        now,
      ),
    );
  const key = (e: CertificateEntry): number => e.residualSeconds ?? Number.POSITIVE_INFINITY;
  entries.sort(
    (a, b) =>
      key(a) - key(b) || a.nodeName.localeCompare(b.nodeName) || a.name.localeCompare(b.name),
  );
  return { checkedAt: new Date(now).toISOString(), warnDays: CERT_WARN_DAYS, entries, errors };
}

/** apimachinery's ShortHumanDuration, as kubeadm prints residual times, for kubelab's own rows. */
export function shortResidual(seconds: number): string {
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  const h = Math.floor(seconds / 3600);
  if (h < 24) return `${h}h`;
  return h < 24 * 365 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24 / 365)}y`;
}
