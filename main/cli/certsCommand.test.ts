import { describe, expect, it } from 'vitest';
import { buildCertificateList } from '../../common/certs/certificateList';
import { formatCertificates } from './certsCommand';

describe('kubelab certs output', () => {
  const now = Date.parse('2021-01-01T00:00:00Z');
  const list = buildCertificateList(
    [
      {
        nodeId: 'cp',
        nodeName: 'cp1',
        table: {
          form: 'tables',
          certificates: [
            {
              name: 'apiserver',
              authority: false,
              missing: false,
              expiresAt: '2120-10-23T04:50:00.000Z',
              residual: '99y',
              signedBy: 'ca',
              externallyManaged: false,
            },
            { name: 'etcd-ca', authority: true, missing: true },
          ],
        },
      },
    ],
    [
      {
        nodeId: 'w',
        nodeName: 'w1',
        source: 'kubelet-client',
        path: '/var/lib/kubelet/pki/kubelet-client-current.pem',
        expiresAt: '2020-12-01T00:00:00.000Z',
      },
    ],
    [{ nodeId: 'w2', nodeName: 'w2', message: 'exit 255: ssh: connect refused' }],
    now,
  );

  it('one row per certificate, soonest first, kubeadm’s residual as printed, then the unread nodes', () => {
    const lines = formatCertificates(list).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NODE +CERTIFICATE +SOURCE +EXPIRES +RESIDUAL +STATUS$/);
    expect(lines[1]).toMatch(
      /^w1 +\/var\/lib\/kubelet\/pki\/kubelet-client-current\.pem +kubelet client +2020-12-01 00:00 UTC +<invalid> +expired$/,
    );
    expect(lines[2]).toMatch(/^cp1 +apiserver +kubeadm +2120-10-23 04:50 UTC +99y +ok$/);
    expect(lines[3]).toMatch(/^cp1 +etcd-ca \(CA\) +kubeadm +- +- +missing$/);
    expect(lines[4]).toBe('w2: not read: exit 255: ssh: connect refused');
    expect(lines[5]).toBe('3 certificates: 1 expired, 0 within 30 days, 1 missing');
  });
});
