// Issue 21 "day two" on the practice lab (instance 15, DAY2_LAB_INSTANCE): the guide installed by
// `kubelab apply`; the API server's certificates expired a month ago (lab fault certs-expired:
// kubectl fails with x509's "certificate has expired"), `kubelab certs` sees it from the files,
// `kubelab certs renew --yes` renews with the lab kubeadm's real `alpha certs renew` (1.18) and
// restarts the static pods, the API answers again and `kubelab certs` shows it fresh (a re-run
// finds nothing to do); `kubelab remove-node node2 --yes` leaves no node object, CNI interface,
// CNI configuration or KUBE- iptables chain of it, and node2 out of the recorded install; node1
// switched off (link-down) is removed with --unreachable without touching it. Needs root.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateListSchema } from '../../../common/certs/model';
import { labSuite } from '../labSuite';

const suite = labSuite({ name: 'day2', instanceVar: 'DAY2_LAB_INSTANCE', defaultInstance: '15' });
const { project, lab, kubelab, onNode } = suite;

const nodeNames = (): string[] =>
  onNode('master1', 'kubectl --kubeconfig /etc/kubernetes/admin.conf get nodes -o name')
    .trim()
    .split('\n');

beforeAll(() => {
  suite.setUp('guide');
  const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
  if (apply.code !== 0) throw new Error(`kubelab apply failed:\n${apply.stdout}\n${apply.stderr}`);
}, 600_000);

afterAll(() => {
  lab('fault', 'node1', 'link-up');
  expect(suite.tearDown()).toBe(0);
});

describe('day two on a guide install', () => {
  it('revives an API server whose certificates expired a month ago; a re-run changes nothing', () => {
    // The lab fault re-signs the API server's certificates expired and restarts it: its clients
    // fail as real ones do, and only the certificates themselves (read on the node) say why.
    expect(lab('fault', 'master1', 'certs-expired').code).toBe(0);
    const nodes = lab('exec', 'master1', 'kubectl', '--kubeconfig', '/etc/kubernetes/admin.conf', 'get', 'nodes'); // prettier-ignore
    expect(nodes.code).toBe(1);
    expect(nodes.stderr).toMatch(
      /^Unable to connect to the server: x509: certificate has expired or is not yet valid: current time \S+Z is after \S+Z$/m,
    );
    const apiserver = () => {
      const r = kubelab('certs', '-f', project, '--json');
      const list = CertificateListSchema.parse(JSON.parse(r.stdout));
      return { code: r.code, entry: list.entries.find((e) => e.name === 'apiserver') };
    };
    expect(apiserver().entry?.status).toBe('expired');

    const renew = kubelab('certs', 'renew', '-f', project, '--yes', '-v');
    expect(renew.code, `${renew.stdout}\n${renew.stderr}`).toBe(0);
    // The lab kubeadm's 1.18 output, and every static pod back with the API server ready.
    expect(renew.stdout).toContain('certificate for serving the Kubernetes API renewed');
    // kubeadm could not read its configuration from the API server it is reviving.
    expect(renew.stdout).toContain(
      '[renew] Error reading configuration from the Cluster. Falling back to default configuration',
    );
    expect(renew.stdout).toContain("kube-scheduler: the API server's /readyz passes");
    const after = apiserver();
    expect(after.code).toBe(0);
    expect(after.entry?.status).toBe('ok');
    expect(after.entry?.residualPrinted).toBe('364d');
    expect(onNode('master1', 'ls /etc/kubernetes/manifests').split('\n').sort()).toContain(
      'kube-apiserver.yaml',
    );
    expect(nodeNames()).toContain('node/master1');

    const again = kubelab('certs', 'renew', '-f', project, '--yes');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/master1\s+already-done/);
  }, 300_000);

  it('removes a worker: no node object, CNI interface, CNI configuration or KUBE- chain left', () => {
    expect(nodeNames()).toContain('node/node2');
    const r = kubelab('remove-node', 'node2', '-f', project, '--yes');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(nodeNames()).not.toContain('node/node2');
    const links = onNode('node2', "ip -o link show | awk -F': ' '{print $2}'");
    expect(links).not.toMatch(/cni0|flannel\.1|veth/);
    expect(onNode('node2', 'iptables-save')).not.toContain('KUBE-');
    expect(onNode('node2', 'ls /etc/cni/net.d 2>/dev/null || true').trim()).toBe('');
    expect(onNode('node2', 'ls /root/.kube/config 2>/dev/null || true').trim()).toBe('');
    // Out of the recorded install: the faces offer it to join again.
    expect(readFileSync(project, 'utf8')).not.toMatch(/nodeId: node2\b/);
  }, 180_000);

  it('removes a switched-off worker without touching it, and says what is left on it', () => {
    expect(lab('fault', 'node1', 'link-down').code).toBe(0);
    const r = kubelab('remove-node', 'node1', '-f', project, '--yes', '--unreachable');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('node1 could not be reached and was not touched');
    expect(nodeNames()).not.toContain('node/node1');
    // Nothing ran on it: its kubelet configuration is still there.
    expect(onNode('node1', 'ls /etc/kubernetes')).toContain('kubelet.conf');
  }, 120_000);
});
