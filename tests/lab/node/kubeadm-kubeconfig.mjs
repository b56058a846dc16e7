// Lab `kubeadm kubeconfig user` (and `kubeadm alpha kubeconfig user` before 1.22): a kubeconfig
// for another user, its client certificate signed here by the cluster CA, printed on stdout and
// nothing else (cmd/kubeadm/app/cmd/kubeconfig.go → kubeconfigphase.WriteKubeConfigWithClientCert,
// which clientcmd.Write's the config to the command's out). The command graduated from alpha in
// 1.21 and the alpha one was removed in 1.22 (kubernetes/kubernetes#97583, kubernetes/kubeadm#2292);
// in 1.21 cobra prints the alpha one's deprecation on stderr (cmd/kubeadm/app/cmd/alpha/alpha.go:
// `please use the same command under "kubeadm kubeconfig"`). Without --config kubeadm defaults the
// API endpoint to the node's default-route address and port 6443, and the cluster name to
// "kubernetes"; the certificate is valid one year (constants.CertificateValidity).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigYaml, labEnv, YAML } from './k8s.mjs';

const PKI = '/etc/kubernetes/pki';
const openssl = (...a) => execFileSync('openssl', a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Certificate and key for CN `clientName`, organisations `orgs`, signed by the cluster CA. */
function clientCert(clientName, orgs) {
  const dir = mkdtempSync(join(tmpdir(), 'lab-kubeconfig-user-'));
  try {
    openssl('genrsa', '-out', `${dir}/user.key`, '2048');
    const subj = `/CN=${clientName}${orgs.map((o) => `/O=${o}`).join('')}`;
    openssl('req', '-new', '-key', `${dir}/user.key`, '-subj', subj, '-out', `${dir}/user.csr`);
    writeFileSync(`${dir}/ext.cnf`, '[ext]\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
    openssl('x509', '-req', '-in', `${dir}/user.csr`, '-CA', `${PKI}/ca.crt`, '-CAkey', `${PKI}/ca.key`, '-CAcreateserial', '-days', '365', '-sha256', '-extfile', `${dir}/ext.cnf`, '-extensions', 'ext', '-out', `${dir}/user.crt`);
    return { certPem: readFileSync(`${dir}/user.crt`, 'utf8'), keyPem: readFileSync(`${dir}/user.key`, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The endpoint and cluster name a --config names (ClusterConfiguration / InitConfiguration). */
function fromConfig(path) {
  const docs = YAML.parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() ?? {});
  const cluster = docs.find((d) => d.kind === 'ClusterConfiguration') ?? {};
  const init = docs.find((d) => d.kind === 'InitConfiguration') ?? {};
  const cpe = cluster.controlPlaneEndpoint;
  const local = init.localAPIEndpoint ?? {};
  return {
    server: cpe ? `https://${cpe.includes(':') ? cpe : `${cpe}:6443`}` : local.advertiseAddress ? `https://${local.advertiseAddress}:${local.bindPort ?? 6443}` : undefined,
    clusterName: cluster.clusterName,
  };
}

/**
 * Runs `kubeadm [alpha] kubeconfig user`. `kubeadm` is the lab kubeadm's version, `alpha` whether
 * the alpha form was typed; opt/has read flags; out/err/fail print as kubeadm does.
 */
export function kubeconfigUser({ kubeadm, alpha, sub, opt, optAll, out, err, fail }) {
  const group = alpha ? 'kubeadm alpha kubeconfig' : 'kubeadm kubeconfig';
  if (alpha && kubeadm.minor >= 22) fail('unknown command "kubeconfig" for "kubeadm alpha"');
  if (!alpha && kubeadm.minor < 21) fail('unknown command "kubeconfig" for "kubeadm"');
  if (sub !== 'user') fail(`unknown command "${sub ?? ''}" for "${group}"`);
  if (alpha && kubeadm.minor === 21) err('Command "user" is deprecated, please use the same command under "kubeadm kubeconfig"');
  const clientName = opt('client-name');
  if (!clientName) fail('required flag(s) "client-name" not set');
  const caKey = `${PKI}/ca.key`;
  if (!existsSync(caKey)) fail(`couldn't create a kubeconfig; the CA files couldn't be loaded: couldn't load the private key file ${caKey}: open ${caKey}: no such file or directory`);
  // --config arrived in 1.20 (kubernetes/kubernetes#94879); before, --apiserver-advertise-address.
  const cfgPath = kubeadm.minor >= 20 ? opt('config') : undefined;
  const cfg = cfgPath ? fromConfig(cfgPath) : {};
  const address = (kubeadm.minor < 20 ? opt('apiserver-advertise-address') : undefined) ?? labEnv().LAB_IP;
  const port = (kubeadm.minor < 20 ? opt('apiserver-bind-port') : undefined) ?? '6443';
  const server = cfg.server ?? `https://${address}:${port}`;
  const { certPem, keyPem } = clientCert(clientName, optAll('org'));
  const caPem = readFileSync(`${PKI}/ca.crt`, 'utf8');
  out(kubeconfigYaml({ server, caPem, certPem, keyPem, user: clientName, cluster: cfg.clusterName ?? 'kubernetes' }).trimEnd());
}
