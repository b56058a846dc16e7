import { describe, expect, it } from 'vitest';
import type { ClusterPlan } from '../../model/plan';
import { guideNodes, guidePlan } from '../presets';
import { renderCheckApiserver, renderHaproxyCfg, renderKeepalivedConf } from './haproxyKeepalived';

const lb = {
  kind: 'haproxy-keepalived' as const,
  vip: '192.168.100.100',
  interface: 'eth0',
  virtualRouterId: 51,
};
const plan: ClusterPlan = {
  ...guidePlan(),
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.168.100.100:8443',
  loadBalancer: lb,
};
const controlPlanes = guideNodes().map((n, i) => ({
  ...n,
  name: `master${i + 1}`,
  address: `192.168.100.${111 + i}`,
}));

describe('haproxy.cfg (kubeadm docs/ha-considerations.md)', () => {
  const cfg = renderHaproxyCfg(plan, controlPlanes);

  it('binds the endpoint port, not the API server port', () => {
    expect(cfg).toContain('frontend apiserver\n    bind *:8443\n    mode tcp\n');
    expect(cfg).not.toMatch(/bind \*:6443/);
  });

  it('forwards to every control plane on bindPort with /healthz checks', () => {
    expect(cfg).toContain('    option httpchk GET /healthz\n    http-check expect status 200\n');
    expect(cfg).toContain('        server master1 192.168.100.111:6443 check\n');
    expect(cfg).toContain('        server master3 192.168.100.113:6443 check\n');
  });
});

describe('keepalived.conf and check_apiserver.sh', () => {
  it('is MASTER 101 on the first control plane and BACKUP 100 on the others', () => {
    const master = renderKeepalivedConf(lb, 'MASTER');
    expect(master).toContain(
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 101\n    virtual_ipaddress {\n        192.168.100.100\n    }\n',
    );
    expect(renderKeepalivedConf(lb, 'BACKUP')).toContain('    state BACKUP\n');
    expect(renderKeepalivedConf(lb, 'BACKUP')).toContain('    priority 100\n');
    expect(master).toContain('  script "/etc/keepalived/check_apiserver.sh"\n');
  });

  it('checks the haproxy port locally and through the VIP it holds', () => {
    const check = renderCheckApiserver(plan, lb);
    expect(check).toContain('https://localhost:8443/');
    expect(check).toContain('grep -qF "inet 192.168.100.100/"');
    expect(check).toContain('https://192.168.100.100:8443/');
  });
});
