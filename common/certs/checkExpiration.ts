/**
 * `kubeadm certs check-expiration` (1.20+) and `kubeadm alpha certs check-expiration` (1.15–1.20)
 * read back into rows. What the tables look like, by kubeadm version:
 *
 * - 1.15–1.16: one table `CERTIFICATE  EXPIRES  RESIDUAL TIME  EXTERNALLY MANAGED`, the last
 *   column a Go bool (`false`) in 1.15, `no`/`yes` from 1.16.
 * - 1.17+: a `CERTIFICATE AUTHORITY` column and a second table of the CAs
 *   (kubernetes/kubernetes#83932). Up to 1.22 the kubeconfig rows leave that column blank; from
 *   #106891 (1.23, backported to 1.20–1.22 patches) they name `ca`.
 * - Absent files print `!MISSING! <name>` and nothing else in the row: external etcd (every etcd
 *   row and `etcd-ca`), and `super-admin.conf` on a control plane that joined (1.29+, only the
 *   first `kubeadm init` writes it).
 * - RESIDUAL TIME is apimachinery's ShortHumanDuration: `<invalid>` once expired.
 *
 * The text printer (cmd/kubeadm/app/cmd/certs.go, certTextPrinter.PrintObj) writes through
 * `tabwriter.NewWriter(w, 10, 4, 3, ' ', 0)`, so each header cell starts where its column's values
 * start: the columns are cut at the header's cell offsets, which keeps blank CA cells blank.
 * Published outputs: tests/fixtures/real/check-expiration/.
 */

export interface KubeadmCertificate {
  /** As kubeadm names it: `apiserver`, `admin.conf`, `etcd-ca`… */
  name: string;
  /** A row of the `CERTIFICATE AUTHORITY` table rather than of the `CERTIFICATE` table. */
  authority: boolean;
  /** `!MISSING!`: kubeadm found no file (external etcd, a joined control plane's super-admin.conf). */
  missing: boolean;
  /** ISO time; kubeadm prints it to the minute. Absent on a missing row. */
  expiresAt?: string;
  /** RESIDUAL TIME as printed (`364d`, `9y`, `<invalid>`). */
  residual?: string;
  /** The signing CA's name (`ca`, `etcd-ca`, `front-proxy-ca`); absent when the column is blank or absent. */
  signedBy?: string;
  externallyManaged?: boolean;
}

export interface CheckExpiration {
  /** `alpha-1.15`: the first form without the CA column and table; `tables`: 1.17 and later. */
  form: 'alpha-1.15' | 'tables';
  certificates: KubeadmCertificate[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan 02, 2006 15:04 MST` (Go's layout in certs.go); kubeadm formats in UTC. */
export function parseKubeadmDate(s: string): string | undefined {
  const m = /^([A-Z][a-z]{2}) (\d{2}), (\d{4}) (\d{2}):(\d{2}) UTC$/.exec(s.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1] ?? '');
  if (month < 0) return undefined;
  const t = Date.UTC(Number(m[3]), month, Number(m[2]), Number(m[4]), Number(m[5]));
  return new Date(t).toISOString();
}

interface Header {
  authority: boolean;
  /** Start offset of each column, in header order. */
  starts: number[];
  names: string[];
}

const CERT_HEADER = /^CERTIFICATE {3,}EXPIRES {3,}RESIDUAL TIME {3,}/;
const CA_HEADER = /^CERTIFICATE AUTHORITY {3,}EXPIRES {3,}RESIDUAL TIME {3,}/;

function header(line: string): Header | undefined {
  const authority = CA_HEADER.test(line);
  if (!authority && !CERT_HEADER.test(line)) return undefined;
  const names: string[] = [];
  const starts: number[] = [];
  // Header cells are separated by at least the printer's padding of 3 spaces.
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) {
    names.push(m[0]);
    starts.push(m.index);
  }
  return { authority, starts, names };
}

function cells(line: string, h: Header): Map<string, string> {
  const out = new Map<string, string>();
  h.names.forEach((name, i) => {
    const end = i + 1 < h.starts.length ? h.starts[i + 1] : undefined;
    out.set(name, line.slice(h.starts[i], end).trim());
  });
  return out;
}

function row(line: string, h: Header): KubeadmCertificate | undefined {
  const missing = /^!MISSING! (\S+)/.exec(line);
  if (missing?.[1]) return { name: missing[1], authority: h.authority, missing: true };
  const c = cells(line, h);
  const name = h.authority ? c.get('CERTIFICATE AUTHORITY') : c.get('CERTIFICATE');
  const expiresAt = parseKubeadmDate(c.get('EXPIRES') ?? '');
  if (!name || /\s/.test(name) || !expiresAt) return undefined;
  const signedBy = h.authority ? undefined : c.get('CERTIFICATE AUTHORITY');
  const managed = c.get('EXTERNALLY MANAGED');
  return {
    name,
    authority: h.authority,
    missing: false,
    expiresAt,
    residual: c.get('RESIDUAL TIME') ?? '',
    ...(signedBy ? { signedBy } : {}),
    ...(managed ? { externallyManaged: managed === 'yes' || managed === 'true' } : {}),
  };
}

/**
 * Every row of both tables; undefined when the text holds no check-expiration table at all (an
 * error, another command's output), so a caller can say so rather than show an empty list.
 * Prompts, the `[check-expiration]` preamble and anything after a table are skipped.
 */
export function parseCheckExpiration(text: string): CheckExpiration | undefined {
  let current: Header | undefined;
  let form: CheckExpiration['form'] | undefined;
  const certificates: KubeadmCertificate[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const h = header(line);
    if (h) {
      current = h;
      if (!h.authority) form = h.names.includes('CERTIFICATE AUTHORITY') ? 'tables' : 'alpha-1.15';
      continue;
    }
    if (!current) continue;
    if (line.trim() === '') {
      current = undefined;
      continue;
    }
    const r = row(line, current);
    if (r) certificates.push(r);
    else current = undefined;
  }
  return form ? { form, certificates } : undefined;
}
