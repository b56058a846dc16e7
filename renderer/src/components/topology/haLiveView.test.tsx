import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import type { HaTopology } from '../../../../common/contracts/cluster';
import { initI18n } from '../../i18n';
import { HaLiveView } from './HaLiveView';

const i18n = initI18n('en');

const cp = (name: string, holdsVip: boolean, livez: 'ok' | 'failed' = 'ok') => ({
  nodeId: name,
  name,
  address: '192.0.2.1',
  reachable: true,
  holdsVip,
  livez,
  livezDetail: livez,
});
const reading = (holders: [boolean, boolean]): HaTopology => ({
  ha: true,
  endpoint: '192.0.2.100:6443',
  loadBalancer: 'kube-vip',
  vip: '192.0.2.100',
  leaseHolder: holders[0] ? 'master1' : 'master2',
  controlPlanes: [
    cp('master1', holders[0], holders[0] ? 'ok' : 'failed'),
    cp('master2', holders[1]),
  ],
  etcdMembers: [
    {
      id: 'a',
      name: 'master1',
      clientUrl: 'https://192.0.2.11:2379',
      answered: true,
      leader: true,
    },
    {
      id: 'b',
      name: 'master2',
      clientUrl: 'https://192.0.2.12:2379',
      answered: true,
      leader: false,
    },
  ],
  checkedAt: '2026-12-07T22:00:00.000Z',
});

afterAll(async () => {
  await i18n.changeLanguage('en');
});

describe('HaLiveView', () => {
  it('names the VIP holder; the next reading shows the VIP moved when master1 lost it', async () => {
    await i18n.changeLanguage('en');
    const before = renderToStaticMarkup(<HaLiveView topology={reading([true, false])} />);
    expect(before).toContain('VIP 192.0.2.100 is held by master1');
    expect(before).toContain('kube-vip Lease holder: master1');
    expect(before).toContain('etcd members: 2 of 2 answer');
    const after = renderToStaticMarkup(<HaLiveView topology={reading([false, true])} />);
    expect(after).toContain('VIP 192.0.2.100 is held by master2');
    expect(after).toMatch(/data-testid="ha-live-cp-master1" data-livez="failed"/);
  });

  it('speaks Chinese, and calls out a VIP nobody holds', async () => {
    await i18n.changeLanguage('zh-CN');
    const none = renderToStaticMarkup(<HaLiveView topology={reading([false, false])} />);
    expect(none).toContain('没有控制平面持有 VIP 192.0.2.100');
    expect(none).toContain('etcd 成员：2 个中有 2 个应答');
  });
});
