import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import { guidePlan } from '../../common/plan/presets';
import { FakeRemote } from '../../tests/fakes/fakeRemote';
import { kubeconfigFilename, readAdminKubeconfig } from './adminKubeconfig';
import { keepsServer, rewriteServer } from './kubeconfigServer';

// The client key is a canary: it must survive into the file and never into any error.
const KEY = 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpDQU5BUlktS0VZ';
const CA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkNB';

/** admin.conf in kubeadm's layout (cluster `kubernetes`, user `kubernetes-admin`, one context). */
function adminConf(server: string, extra = ''): string {
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: ${server}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: ${CA}
    client-key-data: ${KEY}
${extra}`;
}

const cluster = (yaml: string): Record<string, string> =>
  (parse(yaml) as { clusters: { cluster: Record<string, string> }[] }).clusters[0]?.cluster ?? {};

describe('the admin kubeconfig server rule', () => {
  it('keeps a server the desktop reaches as written: a DNS name, or the address kubelab uses', () => {
    expect(keepsServer('k8s-api.example.com', '203.0.113.10')).toBe(true);
    expect(keepsServer('192.168.100.111', '192.168.100.111')).toBe(true);
    // A load balancer's IP set as controlPlaneEndpoint is for clients: bypassing it defeats HA.
    expect(keepsServer('10.0.0.100', '203.0.113.10', '10.0.0.100:8443')).toBe(true);
    expect(keepsServer('fd00::100', '203.0.113.10', '[fd00::100]:6443')).toBe(true);
    expect(keepsServer('10.0.0.5', '203.0.113.10', '10.0.0.100')).toBe(false);
    const named = adminConf('https://k8s-api.example.com:6443');
    const out = rewriteServer({
      kubeconfig: named,
      reachableAddress: '203.0.113.10',
      bindPort: 6443,
    });
    expect(out).toEqual({
      kubeconfig: named,
      servers: ['https://k8s-api.example.com:6443'],
      rewritten: false,
    });
  });

  it('rewrites an advertise IP the desktop does not use, checking the certificate against it', () => {
    const out = rewriteServer({
      kubeconfig: adminConf('https://10.0.0.5:6443'),
      reachableAddress: '203.0.113.10',
      bindPort: 8443,
    });
    expect(out.rewritten).toBe(true);
    expect(out.servers).toEqual(['https://203.0.113.10:8443']);
    expect(cluster(out.kubeconfig)).toEqual({
      'certificate-authority-data': CA,
      server: 'https://203.0.113.10:8443',
      'tls-server-name': '10.0.0.5',
    });
    // The rest of the file, the key included, is untouched.
    expect(out.kubeconfig).toContain(`client-key-data: ${KEY}`);
    expect(keepsServer('10.0.0.5', '203.0.113.10')).toBe(false);
  });

  it('brackets an IPv6 address kubelab reaches the node by, and keeps a name as the node address', () => {
    const v6 = rewriteServer({
      kubeconfig: adminConf('https://[fd00::5]:6443'),
      reachableAddress: '2001:db8::10',
      bindPort: 6443,
    });
    expect(v6.servers).toEqual(['https://[2001:db8::10]:6443']);
    expect(cluster(v6.kubeconfig)['tls-server-name']).toBe('fd00::5');
    const byName = rewriteServer({
      kubeconfig: adminConf('https://10.0.0.5:6443'),
      reachableAddress: 'cp1.lab.example',
      bindPort: 6443,
    });
    expect(byName.servers).toEqual(['https://cp1.lab.example:6443']);
  });

  it('never puts the file (or its key) in an error, whatever is wrong with it', () => {
    const broken = [
      `${adminConf('https://10.0.0.5:6443')}\n  bad: [${KEY}`,
      `clusters: {}\nusers: ${KEY}`,
      adminConf(`not-a-url-${KEY}`),
      adminConf('https://10.0.0.5:6443').replace(/ {4}server: .*\n/, `    srv: ${KEY}\n`),
    ];
    for (const kubeconfig of broken) {
      let err: unknown;
      try {
        rewriteServer({ kubeconfig, reachableAddress: '203.0.113.10', bindPort: 6443 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      const text = `${String(err)} ${JSON.stringify((err as AppError).toData())} ${(err as Error).stack ?? ''}`;
      expect(text).toContain('kubeconfig');
      expect(text).not.toContain(KEY);
    }
  });
});

describe('reading admin.conf from the first control plane', () => {
  const plan = {
    ...guidePlan(),
    clusterName: 'lab/one',
    advertiseAddress: '10.0.0.5',
    bindPort: 6443,
  };
  const cp: NodeSpec = {
    id: 'cp1',
    name: 'cp1',
    address: '203.0.113.10',
    port: 22,
    user: 'admin',
    auth: 'key',
    role: 'control-plane',
    labels: {},
  };
  const worker: NodeSpec = { ...cp, id: 'w1', name: 'w1', address: '203.0.113.11', role: 'worker' };

  it('reads it as root on the first control plane and names the file after the cluster', async () => {
    const remote = new FakeRemote('cp1', {
      rules: [
        {
          match: 'cat /etc/kubernetes/admin.conf',
          reply: { stdout: adminConf('https://10.0.0.5:6443') },
        },
      ],
    });
    const out = await readAdminKubeconfig([worker, cp], plan, (id) => {
      expect(id).toBe('cp1');
      return remote;
    });
    expect(out.filename).toBe('lab-one-admin.conf');
    expect(out.servers).toEqual(['https://203.0.113.10:6443']);
    expect(out.nodeId).toBe('cp1');
    expect(kubeconfigFilename('..')).toBe('cluster-admin.conf');
  });

  it('says the file is missing with stderr only, never stdout', async () => {
    const remote = new FakeRemote('cp1', {
      rules: [
        {
          match: 'cat /etc/kubernetes/admin.conf',
          reply: {
            code: 1,
            stdout: KEY,
            stderr: 'cat: /etc/kubernetes/admin.conf: No such file or directory',
          },
        },
      ],
    });
    const failure = readAdminKubeconfig([cp], plan, () => remote);
    await expect(failure).rejects.toThrow(/No such file or directory.*installed/);
    await expect(failure).rejects.not.toThrow(KEY);
    await expect(readAdminKubeconfig([worker], plan, () => remote)).rejects.toMatchObject({
      field: 'nodes',
    });
  });
});
