// Issue 21 part 1 on the practice lab (instance 16, CERTS_LAB_INSTANCE): the guide installed by
// `kubelab apply`, then `kubelab certs` lists kubeadm's certificates (from the lab kubeadm's real
// X.509 files, 1.18's `alpha certs check-expiration`) and every node's kubelet client and serving
// certificates, all fresh (364d, CAs 9y); one certificate re-signed with a validity in the past is
// reported expired. node1's kubelet client certificate expired: the kubelet stops, `kubelab certs
// renew` regenerates kubelet.conf (lab kubeadm `alpha kubeconfig user`) and points it at the rotated
// file. Needs root.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateListSchema, type CertificateList } from '../../../common/certs/model';
import { buildCli, CLI, lab, onNode, run, type Result } from './helpers';

const NODES = ['master1', 'node1', 'node2'];
const root = mkdtempSync(join(tmpdir(), 'kubelab-certs-it-'));
const dir = join(root, 'project');
const project = join(dir, 'kubelab.yaml');
const env: NodeJS.ProcessEnv = { ...process.env, KUBELAB_CONFIG_DIR: join(root, 'config') };
const AGE = readFileSync(
  join(import.meta.dirname, '..', '..', 'lab', 'lib', 'age-cert.sh'),
  'utf8',
);

const kubelab = (...args: string[]): Result => run('node', [CLI, ...args], { env, cwd: dir });

function certs(): { code: number; list: CertificateList; text: string } {
  const json = kubelab('certs', '-f', project, '--json');
  const text = kubelab('certs', '-f', project);
  expect(text.code, text.stderr).toBe(json.code);
  return {
    code: json.code,
    list: CertificateListSchema.parse(JSON.parse(json.stdout)),
    text: text.stdout,
  };
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  buildCli();
  lab('down');
  const up = lab('up', 'guide');
  if (up.code !== 0) throw new Error(`lab up guide failed: ${up.stderr}`);
  writeFileSync(project, lab('project').stdout);
  const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
  if (apply.code !== 0) throw new Error(`kubelab apply failed:\n${apply.stdout}\n${apply.stderr}`);
});

afterAll(() => {
  expect(lab('down').code).toBe(0);
  rmSync(root, { recursive: true, force: true });
});

describe('kubelab certs on a guide install', () => {
  it('lists every certificate kubeadm manages and every kubelet certificate, all fresh', () => {
    const { code, list, text } = certs();
    expect(code, text).toBe(0);
    expect(list.errors).toEqual([]);
    const kubeadm = list.entries.filter((e) => e.source === 'kubeadm');
    // kubeadm 1.18: ten certificates and kubeconfigs, three CAs, none missing (stacked etcd).
    expect(kubeadm.map((e) => e.name).sort()).toEqual(
      [
        'admin.conf',
        'apiserver',
        'apiserver-etcd-client',
        'apiserver-kubelet-client',
        'controller-manager.conf',
        'etcd-healthcheck-client',
        'etcd-peer',
        'etcd-server',
        'front-proxy-client',
        'scheduler.conf',
        'ca',
        'etcd-ca',
        'front-proxy-ca',
      ].sort(),
    );
    for (const e of kubeadm) {
      expect(e.nodeName).toBe('master1');
      expect(e.residualPrinted, e.name).toBe(e.authority ? '9y' : '364d');
      expect(e.status).toBe('ok');
    }
    for (const node of NODES)
      for (const source of ['kubelet-client', 'kubelet-serving'] as const) {
        const e = list.entries.find((x) => x.nodeName === node && x.source === source);
        expect(e?.status, `${node} ${source}`).toBe('ok');
        // A year's certificate, issued minutes ago: 364 days and some hours left.
        expect(Math.floor((e?.residualSeconds ?? 0) / 86_400), `${node} ${source}`).toBe(364);
      }
    expect(list.entries).toHaveLength(13 + NODES.length * 2);
    expect(text).toMatch(/master1 +apiserver +kubeadm +\S+ \S+ UTC +364d +ok/);
  });

  it('reports a certificate whose validity ended a month ago as expired, first', () => {
    const pki = '/etc/kubernetes/pki';
    const r = lab(
      'exec',
      'master1',
      'bash',
      '-c',
      AGE,
      'age-cert',
      `${pki}/apiserver.crt`,
      `${pki}/apiserver.key`,
      `${pki}/ca.crt`,
      `${pki}/ca.key`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(
      onNode('master1', `openssl x509 -noout -checkend 0 -in ${pki}/apiserver.crt || echo expired`),
    ).toContain('expired');
    const { code, list, text } = certs();
    expect(code).toBe(4);
    expect(list.entries[0]).toMatchObject({
      nodeName: 'master1',
      source: 'kubeadm',
      name: 'apiserver',
      residualPrinted: '<invalid>',
      status: 'expired',
    });
    expect(Math.round((list.entries[0]?.residualSeconds ?? 0) / 86_400)).toBe(-30);
    expect(list.entries.filter((e) => e.status === 'expired')).toHaveLength(1);
    expect(text).toMatch(/master1 +apiserver +kubeadm +\S+ \S+ UTC +<invalid> +expired/);
  });
});

describe('kubelab token on the same cluster', () => {
  it('creates a token, lists it without its secret, prints its join command, deletes it', () => {
    const created = kubelab(
      'token',
      'create',
      '-f',
      project,
      '--ttl',
      '2h',
      '--description',
      'kubelab test',
    );
    expect(created.code, created.stderr).toBe(0);
    const m =
      /^kubeadm join (\S+) --token ([a-z0-9]{6})\.([a-z0-9]{16}) --discovery-token-ca-cert-hash sha256:([0-9a-f]{64})$/.exec(
        created.stdout.trim(),
      );
    expect(m, created.stdout).not.toBeNull();
    const [, endpoint = '', id = '', secret = '', hash = ''] = m ?? [];
    // The hash is the CA public key's, as kubeadm init printed it.
    const caHash = onNode(
      'master1',
      "openssl x509 -pubkey -in /etc/kubernetes/pki/ca.crt | openssl rsa -pubin -outform der 2>/dev/null | openssl dgst -sha256 -hex | sed 's/^.* //'",
    ).trim();
    expect(hash).toBe(caHash);
    const list = kubelab('token', 'list', '-f', project, '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).not.toContain(secret);
    const tokens = (
      JSON.parse(list.stdout) as { tokens: { id: string; ttl: string; description: string }[] }
    ).tokens;
    expect(tokens.find((t) => t.id === id)).toMatchObject({
      ttl: '1h',
      description: 'kubelab test',
    });
    const join = kubelab('token', 'join', id, '-f', project);
    expect(join.stdout.trim()).toBe(
      `kubeadm join ${endpoint} --token ${id}.${secret} --discovery-token-ca-cert-hash sha256:${hash}`,
    );
    const del = kubelab('token', 'delete', id, '-f', project);
    expect(del.code, del.stderr).toBe(0);
    expect(kubelab('token', 'list', '-f', project).stdout).not.toContain(id);
    expect(kubelab('token', 'delete', 'BAD', '-f', project).stderr).toContain('token id');
  });
});

describe('kubelet.conf regenerated where the kubelet client certificate expired', () => {
  const PEM = '/var/lib/kubelet/pki/kubelet-client-current.pem';

  /** node1's rotated client certificate re-signed by the cluster CA to have ended 30 days ago. */
  function expireNode1ClientCert(): void {
    const pem = onNode('node1', `cat ${PEM}`);
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/.exec(pem)?.[0];
    const key = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+?-----END (RSA )?PRIVATE KEY-----\n/.exec(
      pem,
    )?.[0];
    if (!cert || !key) throw new Error(`node1's ${PEM} holds no certificate and key`);
    // Aged on master1, which holds the CA key; node1 gets the result.
    const b64 = (t: string): string => Buffer.from(t).toString('base64');
    onNode('master1', `mkdir -p /tmp/kl-age && echo ${b64(cert)} | base64 -d >/tmp/kl-age/c.crt && echo ${b64(key)} | base64 -d >/tmp/kl-age/c.key`); // prettier-ignore
    const aged = lab('exec', 'master1', 'bash', '-c', AGE, 'age-cert', '/tmp/kl-age/c.crt', '/tmp/kl-age/c.key', '/etc/kubernetes/pki/ca.crt', '/etc/kubernetes/pki/ca.key'); // prettier-ignore
    expect(aged.code, aged.stderr).toBe(0);
    const expired = onNode('master1', 'cat /tmp/kl-age/c.crt; rm -rf /tmp/kl-age');
    onNode('node1', `echo ${b64(expired + key)} | base64 -d >"$(readlink -f ${PEM})" && systemctl restart kubelet`); // prettier-ignore
  }

  const kubeletState = (node: string): string =>
    lab('exec', node, 'systemctl', 'is-active', 'kubelet').stdout.trim();

  it('the kubelet refuses an expired certificate; renew issues kubelet.conf and points it at the rotated file', async () => {
    // The guide joined node1 by TLS bootstrap: kubelet.conf points at the rotated file.
    expect(onNode('node1', 'cat /etc/kubernetes/kubelet.conf')).toContain(
      `client-certificate: ${PEM}`,
    );
    expireNode1ClientCert();
    // The kubelet stops as the real one does: kubelet.conf's certificate expired and kubeadm
    // deleted the bootstrap kubeconfig after the join.
    for (let i = 0; i < 30 && kubeletState('node1') === 'active'; i++)
      await new Promise((r) => setTimeout(r, 1000));
    expect(kubeletState('node1')).toBe('activating');
    expect(onNode('node1', 'cat /var/log/lab-journal/kubelet.log')).toContain(
      'part of the existing bootstrap client certificate in /etc/kubernetes/kubelet.conf is expired',
    );

    const renew = kubelab('certs', 'renew', '-f', project, '--yes', '-v');
    expect(renew.code, `${renew.stdout}\n${renew.stderr}`).toBe(0);
    // The lab kubeadm is 1.18: the command is still under alpha there.
    expect(renew.stdout).toContain(
      'kubeadm alpha kubeconfig user --org system:nodes --client-name system:node:node1',
    );
    for (const node of ['node1', 'master1']) {
      const conf = onNode(node, 'cat /etc/kubernetes/kubelet.conf');
      expect(conf, node).toContain(`client-certificate: ${PEM}`);
      expect(conf, node).not.toContain('client-certificate-data');
      expect(kubeletState(node), node).toBe('active');
    }
    const subject = onNode('node1', `openssl x509 -noout -subject -nameopt RFC2253 -in ${PEM}`);
    expect(subject).toMatch(/CN=system:node:node1/);
    // A fresh year, from the cluster's CSR signer.
    expect(onNode('node1', `openssl x509 -noout -checkend ${300 * 86_400} -in ${PEM} && echo fresh`)).toContain('fresh'); // prettier-ignore
    // node2's kubelet rotates by itself: its kubelet.conf was left alone.
    expect(onNode('node2', 'ls /etc/kubernetes/kubelab 2>/dev/null || true')).not.toContain(
      'kubelet-conf-backup',
    );
    expect(onNode('node1', 'ls /etc/kubernetes/kubelab')).toContain('kubelet-conf-backup');

    const again = kubelab('certs', 'renew', '-f', project, '--yes');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/node1\s+already-done/);
  }, 300_000);
});
