// The lab kubelet's client certificate, as the real kubelet treats it at start:
// - kubelet.conf's certificate (embedded, or the file it points at) past its notAfter: the kubelet
//   falls back to the bootstrap kubeconfig, which kubeadm deleted after the join, and exits
//   (pkg/kubelet/certificate/bootstrap/bootstrap.go isClientConfigStillValid: "part of the existing
//   bootstrap client certificate in %s is expired: %v"; the resulting "unable to load bootstrap
//   kubeconfig" failure is the one reported in kubernetes/kubeadm#2054).
// - with client rotation on (kubeadm's KubeletConfiguration sets rotateCertificates: true,
//   cmd/kubeadm/app/componentconfigs/kubelet.go) and no kubelet-client-current.pem, the certificate
//   manager starts from kubelet.conf's certificate and asks for a new one at once
//   (k8s.io/client-go/util/certificate getCurrentCertificate: a bootstrap certificate "should
//   rotate"), writing kubelet-client-<date>.pem and the kubelet-client-current.pem link. This is
//   how kubernetes.io's "Kubelet client certificate rotation fails" recovery gets its fresh file.
import { execFileSync } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiRequest, nodeNow, YAML } from './k8s.mjs';

export const KUBELET_CONF = '/etc/kubernetes/kubelet.conf';
const PKI_DIR = '/var/lib/kubelet/pki';
const CURRENT = `${PKI_DIR}/kubelet-client-current.pem`;

/** Go's time.Time %v form, as the kubelet prints a notAfter: 2025-01-02 03:04:05 +0000 UTC. */
function goTime(d) {
  return `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} +0000 UTC`;
}

/**
 * The error the kubelet stops with when kubelet.conf's client certificate has expired (the
 * message it logs first, then the failure), or undefined while it is valid. `conn` is
 * loadKubeconfig(KUBELET_CONF).
 */
export function expiredClientCert(conn) {
  if (!conn.cert) return undefined;
  const notAfter = new Date(new X509Certificate(conn.cert).validTo);
  if (nodeNow() <= notAfter.getTime()) return undefined;
  return {
    first: `"Unhandled Error" err="part of the existing bootstrap client certificate in ${KUBELET_CONF} is expired: ${goTime(notAfter)}"`,
    failure: '"command failed" err="failed to run Kubelet: unable to load bootstrap kubeconfig: stat /etc/kubernetes/bootstrap-kubelet.conf: no such file or directory"',
  };
}

/** Whether kubelet.conf embeds its client certificate (rotation off, or a regenerated file). */
function embedsCert() {
  const kc = YAML.parse(readFileSync(KUBELET_CONF, 'utf8')) ?? {};
  return (kc.users ?? []).some((u) => u.user?.['client-certificate-data']);
}

/**
 * With rotation on and no kubelet-client-current.pem: a CSR for system:node:<name> sent with
 * kubelet.conf's credentials, the signed certificate stored as the kubelet does. Returns whether
 * it wrote one.
 */
export async function rotateIfMissing(conn, cfg, nodeName) {
  if (cfg.rotateCertificates === false || existsSync(CURRENT) || !embedsCert()) return false;
  // A folder of its own: the lab nodes share the machine's /tmp.
  const tmp = mkdtempSync(join(tmpdir(), 'lab-kubelet-csr-'));
  let key;
  let csr;
  try {
    execFileSync('openssl', ['genrsa', '-out', `${tmp}/k.pem`, '2048'], { stdio: 'ignore' });
    key = readFileSync(`${tmp}/k.pem`, 'utf8');
    csr = execFileSync('openssl', ['req', '-new', '-key', `${tmp}/k.pem`, '-subj', `/CN=system:node:${nodeName}/O=system:nodes`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const r = await apiRequest(conn, 'POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: `csr-${randomBytes(4).toString('hex')}` }, spec: { request: Buffer.from(csr).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'key encipherment', 'client auth'] } });
  const signed = r.body?.status?.certificate;
  if (r.status !== 201 || !signed) return false;
  mkdirSync(PKI_DIR, { recursive: true });
  const stamp = new Date(nodeNow()).toISOString().replace(/\..*$/, '').replace(/[T:]/g, '-');
  const file = `${PKI_DIR}/kubelet-client-${stamp}.pem`;
  writeFileSync(file, Buffer.from(signed, 'base64').toString() + key, { mode: 0o600 });
  rmSync(CURRENT, { force: true });
  execFileSync('ln', ['-s', file, CURRENT]);
  return true;
}
