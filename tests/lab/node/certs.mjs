// The lab kubeadm's certificate commands over the real X.509 files its init and join wrote.
// `certs check-expiration` prints what kubeadm's certTextPrinter prints
// (cmd/kubeadm/app/cmd/certs.go: tabwriter.NewWriter(w, 10, 4, 3, ' ', 0), rows
// "%s\t%s\t%s\t%s\t%-8v", missing files "!MISSING! %s\t\t\t\t"), held against published outputs
// in tests/fixtures/real/check-expiration by tests/unit/lab/certsShim.test.ts.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/**
 * Go's text/tabwriter with minwidth 10, padding 3, padchar ' ': every cell but a line's last is
 * tab-terminated and padded to its column's width, max(10, widest cell + 3); a column runs over
 * consecutive lines that have that cell, so an empty line (the gap between kubeadm's two tables)
 * starts new widths. The last cell of a line is printed as it is.
 */
export function tabwriter(lines) {
  const outLines = [];
  let block = [];
  const flush = () => {
    const widths = [];
    for (const cells of block)
      cells.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 10, c.length + 3)));
    for (const cells of block) outLines.push(cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]) : c)).join(''));
    block = [];
  };
  for (const cells of lines) {
    if (cells.length === 0) {
      flush();
      outLines.push('');
    } else block.push(cells);
  }
  flush();
  return outLines;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n) => String(n).padStart(2, '0');
/** Go's "Jan 02, 2006 15:04 MST" in UTC. */
export const kubeadmDate = (d) => `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())}, ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} UTC`;

/**
 * apimachinery's duration.ShortHumanDuration (k8s.io/apimachinery/pkg/util/duration/duration.go),
 * which kubeadm prints for a token's TTL and a certificate's residual time: whole units, truncated
 * ("364d" for a fresh 365-day certificate); "<invalid>" more than a second after expiry.
 */
export function shortHumanDuration(ms) {
  const sec = Math.trunc(ms / 1000);
  if (sec < -1) return '<invalid>';
  if (sec < 0) return '0s';
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.trunc(sec / 60)}m`;
  const h = Math.trunc(sec / 3600);
  return h < 24 ? `${h}h` : h < 24 * 365 ? `${Math.trunc(h / 24)}d` : `${Math.trunc(h / 24 / 365)}y`;
}

const pemDate = (pem) => {
  try {
    return new Date(new X509Certificate(pem).validTo);
  } catch {
    return undefined;
  }
};

/**
 * kubeconfig rows name their CA from #106891 (kubeadm 1.23), cherry-picked to 1.20–1.22
 * (#106923, #106924, #106925, merged 2021-12-10, first shipped in 1.20.14, 1.21.8 and 1.22.5);
 * before that the column is blank for them, as in kubernetes/kubernetes#83932's sample (1.17).
 */
function kubeconfigNamesCa(V) {
  const firstPatch = { 20: 14, 21: 8, 22: 5 }[V.minor];
  return V.minor >= 23 || (firstPatch !== undefined && V.patch >= firstPatch);
}

/**
 * kubeadm's two tables from rows { name, authority, expires?: Date, signedBy, external }, as
 * certTextPrinter writes them; a row without `expires` is a `!MISSING!` one.
 */
export function formatTables(rows, now) {
  const yesNo = (b) => (b ? 'yes' : 'no').padEnd(8);
  const lines = [['CERTIFICATE', 'EXPIRES', 'RESIDUAL TIME', 'CERTIFICATE AUTHORITY', 'EXTERNALLY MANAGED']];
  for (const r of rows.filter((x) => !x.authority)) {
    if (!r.expires) lines.push([`!MISSING! ${r.name}`, '', '', '', '']);
    else lines.push([r.name, kubeadmDate(r.expires), shortHumanDuration(r.expires.getTime() - now), r.signedBy, yesNo(r.external)]);
  }
  lines.push([]);
  lines.push(['CERTIFICATE AUTHORITY', 'EXPIRES', 'RESIDUAL TIME', 'EXTERNALLY MANAGED']);
  for (const r of rows.filter((x) => x.authority)) {
    if (!r.expires) lines.push([`!MISSING! ${r.name}`, '', '', '']);
    else lines.push([r.name, kubeadmDate(r.expires), shortHumanDuration(r.expires.getTime() - now), yesNo(r.external)]);
  }
  return tabwriter(lines);
}

/**
 * The table lines of `kubeadm certs check-expiration` on this node, by kubeadm version: the leaf
 * certificates and the kubeconfigs kubeadm manages (certlist.go, kubeconfig phase; super-admin.conf
 * from 1.29: kubernetes/website#43540, kubernetes.io kubeadm-certs "If missing, `super-admin.conf`
 * will not cause an error"), then the CAs. Dates are the files' own notAfter.
 */
export function checkExpirationTable(V, { pkiDir, kubeconfigDir }, now) {
  const file = (f) => (existsSync(`${pkiDir}/${f}`) ? pemDate(readFileSync(`${pkiDir}/${f}`)) : undefined);
  const kubeconfig = (f) => {
    const path = `${kubeconfigDir}/${f}`;
    const m = existsSync(path) ? /client-certificate-data: *(\S+)/.exec(readFileSync(path, 'utf8')) : null;
    return m ? pemDate(Buffer.from(m[1], 'base64')) : undefined;
  };
  // A CA without its key on disk is external (kubeadm's UsingExternalCA and friends): kubeadm
  // cannot renew what it signs, and says so in the EXTERNALLY MANAGED column.
  const external = (caFile) => existsSync(`${pkiDir}/${caFile}.crt`) && !existsSync(`${pkiDir}/${caFile}.key`);
  const caOfConf = kubeconfigNamesCa(V) ? 'ca' : '';
  const leaf = (name, expires, signedBy, caFile) => ({ name, authority: false, expires, signedBy, external: external(caFile) });
  const rows = [
    leaf('admin.conf', kubeconfig('admin.conf'), caOfConf, 'ca'),
    leaf('apiserver', file('apiserver.crt'), 'ca', 'ca'),
    leaf('apiserver-etcd-client', file('apiserver-etcd-client.crt'), 'etcd-ca', 'etcd/ca'),
    leaf('apiserver-kubelet-client', file('apiserver-kubelet-client.crt'), 'ca', 'ca'),
    leaf('controller-manager.conf', kubeconfig('controller-manager.conf'), caOfConf, 'ca'),
    leaf('etcd-healthcheck-client', file('etcd/healthcheck-client.crt'), 'etcd-ca', 'etcd/ca'),
    leaf('etcd-peer', file('etcd/peer.crt'), 'etcd-ca', 'etcd/ca'),
    leaf('etcd-server', file('etcd/server.crt'), 'etcd-ca', 'etcd/ca'),
    leaf('front-proxy-client', file('front-proxy-client.crt'), 'front-proxy-ca', 'front-proxy-ca'),
    leaf('scheduler.conf', kubeconfig('scheduler.conf'), caOfConf, 'ca'),
    ...(V.minor >= 29 ? [leaf('super-admin.conf', kubeconfig('super-admin.conf'), 'ca', 'ca')] : []),
    ...[['ca', 'ca'], ['etcd-ca', 'etcd/ca'], ['front-proxy-ca', 'front-proxy-ca']].map(([name, f]) => ({ name, authority: true, expires: file(`${f}.crt`), external: external(f) })),
  ];
  return formatTables(rows, now);
}

/**
 * `kubeadm token list` since 1.16 (kubernetes/kubernetes#78764, cmd/kubeadm/app/cmd/token.go):
 * tokenTextPrinter.PrintObj runs once per token with a fresh tabwriter(10, 4, 3, ' '), the header
 * in the first call only, and formatBootstrapToken pads TTL to 9, USAGES to 22 and DESCRIPTION to
 * 56 ("%-9s", "%-22s", "%-56s"); so each token aligns on its own. No token: nothing at all.
 * Rows: { token, ttl, expires, usages, description, groups } as kubeadm prints them.
 */
export function tokenListLines(tokens) {
  const lines = [];
  tokens.forEach((t, i) => {
    const row = [t.token, t.ttl.padEnd(9), t.expires, t.usages.padEnd(22), t.description.padEnd(56), t.groups];
    const head = i === 0 ? [['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS']] : [];
    lines.push(...tabwriter([...head, row]));
  });
  return lines;
}

/**
 * kubeadm's certificate renewal handlers in the order `certs renew all` runs them, with the long
 * names it prints (cmd/kubeadm/app/phases/certs/certlist.go and renewal/manager.go: the kubeconfig
 * handlers, "certificate embedded in the kubeconfig file for ..."), as published `kubeadm certs
 * renew all` outputs list them (tests/fixtures/real/certs-renew/). `file` is the PKI file (no
 * extension) or `kubeconfig` the file under /etc/kubernetes; `ca` the signing CA's file; `etcd`
 * marks the handlers kubeadm only has with a local (stacked) etcd; super-admin.conf from 1.29.
 */
export const RENEW_HANDLERS = [
  { name: 'admin.conf', kubeconfig: 'admin.conf', ca: 'ca', caName: 'ca', long: 'certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself' },
  { name: 'apiserver', file: 'apiserver', ca: 'ca', caName: 'ca', long: 'certificate for serving the Kubernetes API' },
  { name: 'apiserver-etcd-client', file: 'apiserver-etcd-client', ca: 'etcd/ca', caName: 'etcd-ca', etcd: true, long: 'certificate the apiserver uses to access etcd' },
  { name: 'apiserver-kubelet-client', file: 'apiserver-kubelet-client', ca: 'ca', caName: 'ca', long: 'certificate for the API server to connect to kubelet' },
  { name: 'controller-manager.conf', kubeconfig: 'controller-manager.conf', ca: 'ca', caName: 'ca', long: 'certificate embedded in the kubeconfig file for the controller manager to use' },
  { name: 'etcd-healthcheck-client', file: 'etcd/healthcheck-client', ca: 'etcd/ca', caName: 'etcd-ca', etcd: true, long: 'certificate for liveness probes to healthcheck etcd' },
  { name: 'etcd-peer', file: 'etcd/peer', ca: 'etcd/ca', caName: 'etcd-ca', etcd: true, long: 'certificate for etcd nodes to communicate with each other' },
  { name: 'etcd-server', file: 'etcd/server', ca: 'etcd/ca', caName: 'etcd-ca', etcd: true, long: 'certificate for serving etcd' },
  { name: 'front-proxy-client', file: 'front-proxy-client', ca: 'front-proxy-ca', caName: 'front-proxy-ca', long: 'certificate for the front proxy client' },
  { name: 'scheduler.conf', kubeconfig: 'scheduler.conf', ca: 'ca', caName: 'ca', long: 'certificate embedded in the kubeconfig file for the scheduler manager to use' },
  { name: 'super-admin.conf', kubeconfig: 'super-admin.conf', ca: 'ca', caName: 'ca', minMinor: 29, long: 'certificate embedded in the kubeconfig file for the super-admin' },
];

/** The handlers kubeadm `V` has; without a local etcd (external etcd) kubeadm has no etcd ones. */
export function renewHandlers(V, { localEtcd }) {
  return RENEW_HANDLERS.filter((h) => (h.minMinor === undefined || V.minor >= h.minMinor) && (localEtcd || !h.etcd));
}

/**
 * How kubeadm's certs commands (cmd/kubeadm/app/cmd/certs.go getInternalCfg, through 1.30) read
 * the cluster's configuration, `config` one of 'read' | 'fallback' | 'no-client': with a client
 * from admin.conf, FetchInitConfigurationFromCluster prints "Reading configuration from the
 * cluster..." and the FYI line; when that fetch fails (an API server down, or its certificate
 * expired) kubeadm prints "[<prefix>] Error reading configuration from the Cluster. Falling back
 * to default configuration" and an empty line, as published with the API server down
 * (kubernetes/kubeadm#2527, kubernetes/kubernetes#102563); without admin.conf it prints nothing.
 */
export function configLines(prefix, config) {
  if (config === 'no-client') return [];
  const lines = [`[${prefix}] Reading configuration from the cluster...`, `[${prefix}] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'`];
  if (config === 'fallback') lines.push(`[${prefix}] Error reading configuration from the Cluster. Falling back to default configuration`);
  return [...lines, ''];
}

/**
 * What `kubeadm certs renew <name|all>` prints for results [{ handler, outcome }], outcome one of
 * 'renewed' | 'missing' | 'external' (cmd/kubeadm/app/cmd/certs.go renewCert: "%s renewed",
 * "MISSING! %s", "Detected external %s, %s can't be renewed"), after the configuration preamble
 * kubeadm printed through 1.30 (configLines, with the [renew] prefix). `renew
 * all` ends with the restart reminder, first published with 1.20 (kubernetes/kubeadm#2308 asked
 * for it on 1.19.2; tests/fixtures/real/certs-renew/).
 */
export function renewLines(V, results, { all, config = 'read' }) {
  const lines = configLines('renew', config);
  for (const { handler: h, outcome } of results) {
    if (outcome === 'missing') lines.push(`MISSING! ${h.long}`);
    else if (outcome === 'external') lines.push(`Detected external ${h.caName}, ${h.long} can't be renewed`);
    else lines.push(`${h.long} renewed`);
  }
  if (all && V.minor >= 20) lines.push('', 'Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.');
  return lines;
}

const opensslDate = (d) => d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * Re-signs one certificate as kubeadm's renewal does (renewal/manager.go RenewUsingLocalCA, through
 * pkiutil.NewSignedCert): the same key, subject and extensions, signed by its CA, NotBefore the
 * CA's NotBefore and NotAfter now + 365 days (constants.CertificateValidity, 8760h). OpenSSL 3.0's
 * `x509 -req` cannot set dates, so `openssl ca` signs, as tests/lab/lib/age-cert.sh does.
 */
function resign(certPem, keyPem, caCrt, caKey, now) {
  const d = mkdtempSync(`${tmpdir()}/lab-renew-`);
  try {
    writeFileSync(`${d}/index.txt`, '');
    writeFileSync(`${d}/serial`, `${Date.now().toString(16).padStart(16, '0')}\n`);
    writeFileSync(`${d}/ca.cnf`, `[ca]\ndefault_ca=c\n[c]\ndatabase=${d}/index.txt\nserial=${d}/serial\nnew_certs_dir=${d}\npolicy=p\ndefault_md=sha256\nunique_subject=no\ncopy_extensions=copyall\n[p]\ncommonName=supplied\norganizationName=optional\n`);
    writeFileSync(`${d}/old.crt`, certPem);
    writeFileSync(`${d}/old.key`, keyPem, { mode: 0o600 });
    const run = (...a) => execFileSync('openssl', a, { stdio: ['ignore', 'pipe', 'pipe'] });
    run('x509', '-x509toreq', '-in', `${d}/old.crt`, '-signkey', `${d}/old.key`, '-copy_extensions', 'copyall', '-out', `${d}/req.csr`);
    const start = new Date(new X509Certificate(readFileSync(caCrt)).validFrom);
    const end = new Date(now + 365 * 24 * 3600 * 1000);
    run('ca', '-batch', '-notext', '-preserveDN', '-config', `${d}/ca.cnf`, '-cert', caCrt, '-keyfile', caKey, '-in', `${d}/req.csr`, '-startdate', opensslDate(start), '-enddate', opensslDate(end), '-out', `${d}/new.crt`);
    return readFileSync(`${d}/new.crt`, 'utf8');
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

/**
 * Renews one handler's certificate in place over the real files: 'missing' when its file is not
 * there, 'external' when its CA's key is not (kubeadm cannot sign), else 'renewed'. A kubeconfig's
 * embedded client certificate is replaced in the file, its key kept.
 */
export function renewCertificate(h, { pkiDir, kubeconfigDir }, now) {
  const caCrt = `${pkiDir}/${h.ca}.crt`;
  const caKey = `${pkiDir}/${h.ca}.key`;
  if (h.file) {
    const crt = `${pkiDir}/${h.file}.crt`;
    if (!existsSync(crt)) return 'missing';
    if (!existsSync(caKey)) return 'external';
    writeFileSync(crt, resign(readFileSync(crt, 'utf8'), readFileSync(`${pkiDir}/${h.file}.key`, 'utf8'), caCrt, caKey, now));
    return 'renewed';
  }
  const path = `${kubeconfigDir}/${h.kubeconfig}`;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const cert = /client-certificate-data: *(\S+)/.exec(text);
  const key = /client-key-data: *(\S+)/.exec(text);
  if (!cert || !key) return 'missing';
  if (!existsSync(caKey)) return 'external';
  const b64 = (s) => Buffer.from(s, 'base64').toString('utf8');
  const fresh = resign(b64(cert[1]), b64(key[1]), caCrt, caKey, now);
  writeFileSync(path, text.replace(cert[0], `client-certificate-data: ${Buffer.from(fresh).toString('base64')}`));
  return 'renewed';
}
