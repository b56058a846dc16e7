import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildCertificateList,
  certStatus,
  parseOpensslEndDate,
} from '../../common/certs/certificateList';
import type { NodeSpec } from '../../common/model/node';
import { guidePlan } from '../../common/plan/presets';
import { FakeRemote } from '../../tests/fakes/fakeRemote';
import { parseNodeCerts } from './certsParser';
import { listCertificates } from './certsService';

/** A published kubeadm table (kubeadm 1.20 with external etcd) as a control plane answers it. */
const TABLE = readFileSync(
  new URL(
    '../../tests/fixtures/real/check-expiration/alpha-1.20-missing-etcd-99year.txt',
    import.meta.url,
  ),
  'utf8',
)
  .split('\n')
  .slice(2)
  .join('\n');

const node = (id: string, role: NodeSpec['role']): NodeSpec => ({
  id,
  name: `${id}-name`,
  address: `10.0.0.${id.length}`,
  port: 22,
  user: 'root',
  auth: 'key',
  role,
  labels: {},
});

const kubeletLines = (client: string, serving: string): string =>
  `@@KL:cert kubelet-client /var/lib/kubelet/pki/kubelet-client-current.pem ${client}\n` +
  `@@KL:cert kubelet-serving /var/lib/kubelet/pki/kubelet.crt ${serving}\n`;

describe('openssl -enddate and thresholds', () => {
  it('reads OpenSSL’s notAfter, day padded or not', () => {
    expect(parseOpensslEndDate('notAfter=Dec  6 23:36:00 2027 GMT')).toBe(
      '2027-12-06T23:36:00.000Z',
    );
    expect(parseOpensslEndDate('notAfter=Jan 16 01:02:03 2030 GMT')).toBe(
      '2030-01-16T01:02:03.000Z',
    );
    expect(parseOpensslEndDate('missing')).toBeUndefined();
  });
  it('expired below zero, warn under 30 days', () => {
    expect(certStatus(-1)).toBe('expired');
    expect(certStatus(29 * 86_400)).toBe('warn');
    expect(certStatus(30 * 86_400)).toBe('ok');
  });
});

describe('certificates of a cluster', () => {
  const now = Date.parse('2021-01-01T00:00:00Z');

  it('kubeadm’s table on control planes, the kubelet’s files everywhere, soonest first', async () => {
    const cp = new FakeRemote('cp', {
      rules: [
        {
          match: '@@KL:begin',
          reply: {
            stdout: `@@KL:begin\n${kubeletLines('notAfter=Jan 10 00:00:00 2021 GMT', 'notAfter=Dec 31 00:00:00 2020 GMT')}@@KL:kubeadm\n${TABLE}@@KL:kubeadm-exit 0\n@@KL:end\n`,
          },
        },
      ],
    });
    const worker = new FakeRemote('w', {
      rules: [
        {
          match: '@@KL:begin',
          reply: {
            stdout: `@@KL:begin\n${kubeletLines('notAfter=Dec 31 00:00:00 2021 GMT', 'missing')}@@KL:end\n`,
          },
        },
      ],
    });
    const remotes: Record<string, FakeRemote> = { cp, w: worker };
    const list = await listCertificates(
      [node('cp', 'control-plane'), node('w', 'worker')],
      guidePlan(),
      (id) => remotes[id] as FakeRemote,
      () => now,
    );
    // The guide plan is 1.18: kubeadm's command is still under `alpha`; only the control plane runs it.
    expect(cp.calls[0]?.env).toMatchObject({ KL_KUBEADM: '1', KL_ALPHA: '1' });
    expect(worker.calls[0]?.env).toMatchObject({ KL_KUBEADM: '0' });
    expect(list.errors).toEqual([]);
    const first = list.entries[0];
    expect(first).toMatchObject({
      nodeName: 'cp-name',
      source: 'kubelet-serving',
      status: 'expired',
    });
    expect(list.entries[1]).toMatchObject({
      source: 'kubelet-client',
      status: 'warn',
      residualSeconds: 9 * 86_400,
    });
    const residuals = list.entries.map((e) => e.residualSeconds ?? Infinity);
    expect(residuals).toEqual([...residuals].sort((a, b) => a - b));
    expect(list.entries.filter((e) => e.source === 'kubeadm')).toHaveLength(13);
    expect(list.entries.filter((e) => e.status === 'missing').map((e) => e.name)).toEqual([
      'apiserver-etcd-client',
      'etcd-ca',
      'etcd-healthcheck-client',
      'etcd-peer',
      'etcd-server',
      '/var/lib/kubelet/pki/kubelet.crt',
    ]);
  });

  it('a node that cannot be read is named, the others are still listed', async () => {
    const down = new FakeRemote('cp', {
      rules: [{ match: '@@KL:begin', reply: { code: 255, stderr: 'ssh: connect refused\n' } }],
    });
    const broken = new FakeRemote('cp2', {
      rules: [
        {
          match: '@@KL:begin',
          reply: {
            stdout: `@@KL:begin\n${kubeletLines('missing', 'missing')}@@KL:kubeadm\nerror: failed to load existing certificate ca: open /etc/kubernetes/pki/ca.crt: no such file or directory\n@@KL:kubeadm-exit 1\n@@KL:end\n`,
          },
        },
      ],
    });
    const remotes: Record<string, FakeRemote> = { cp: down, cp2: broken };
    const list = await listCertificates(
      [node('cp', 'control-plane'), node('cp2', 'control-plane')],
      guidePlan(),
      (id) => remotes[id] as FakeRemote,
      () => now,
    );
    expect(list.errors).toEqual([
      { nodeId: 'cp', nodeName: 'cp-name', message: 'exit 255: ssh: connect refused' },
      {
        nodeId: 'cp2',
        nodeName: 'cp2-name',
        message:
          'kubeadm certs check-expiration (exit 1): error: failed to load existing certificate ca: open /etc/kubernetes/pki/ca.crt: no such file or directory',
      },
    ]);
    expect(list.entries.map((e) => e.status)).toEqual(['missing', 'missing']);
  });

  it('an empty cluster lists nothing', () => {
    expect(buildCertificateList([], [], [], now).entries).toEqual([]);
    expect(parseNodeCerts('garbage')).toEqual({ kubelet: [] });
  });
});
