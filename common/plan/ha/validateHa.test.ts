import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../model/node';
import type { ClusterPlan, FieldError } from '../../model/plan';
import { guideNodes, guidePlan } from '../presets';
import { validatePlan, type PlanContext } from '../validatePlan';

/** Three control planes (.111–.113) and two workers on 192.168.100.0/24. */
function haNodes(): NodeSpec[] {
  const [template] = guideNodes();
  if (!template) throw new Error('guide has nodes');
  const node = (id: string, last: number, role: NodeSpec['role']): NodeSpec => ({
    ...template,
    id,
    name: id,
    address: `192.168.100.${last}`,
    role,
  });
  return [
    node('master1', 111, 'control-plane'),
    node('master2', 112, 'control-plane'),
    node('master3', 113, 'control-plane'),
    node('node1', 116, 'worker'),
    node('node2', 117, 'worker'),
  ];
}

const ctx: PlanContext = { nodes: haNodes(), hostNetworks: ['192.168.100.0/24'] };

function kubeVipPlan(patch: Partial<ClusterPlan> = {}): ClusterPlan {
  return {
    ...guidePlan(),
    topology: 'stacked-etcd',
    controlPlaneEndpoint: '192.168.100.100:6443',
    loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: 'eth0' },
    ...patch,
  };
}

function errorsOn(plan: ClusterPlan, field: string, context: PlanContext = ctx): FieldError[] {
  return validatePlan(plan, context).filter((e) => e.field === field);
}

describe('validatePlan: HA', () => {
  it('accepts stacked HA with kube-vip, haproxy-keepalived and an external balancer', () => {
    expect(validatePlan(kubeVipPlan(), ctx)).toEqual([]);
    const haproxy = kubeVipPlan({
      controlPlaneEndpoint: '192.168.100.100:8443',
      loadBalancer: {
        kind: 'haproxy-keepalived',
        vip: '192.168.100.100',
        interface: 'eth0',
        virtualRouterId: 51,
      },
    });
    expect(validatePlan(haproxy, ctx)).toEqual([]);
    const external = kubeVipPlan({
      controlPlaneEndpoint: 'lb.lab.local:6443',
      loadBalancer: { kind: 'external' },
    });
    expect(validatePlan(external, ctx)).toEqual([]);
  });

  it('leaves a plan without HA fields as it was (no new errors)', () => {
    expect(validatePlan(guidePlan(), { nodes: guideNodes() })).toEqual([]);
  });

  it.each([
    [undefined, 'unset'],
    ['192.168.100.100', 'no port'],
  ])('requires controlPlaneEndpoint host:port for HA (%s: %s)', (controlPlaneEndpoint, _why) => {
    const errors = errorsOn(kubeVipPlan({ controlPlaneEndpoint }), 'controlPlaneEndpoint');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/cannot be changed after init/);
    expect(errors[0]?.messageZh).toMatch(/初始化后不能修改/);
  });

  it('requires a load balancer for HA, and refuses one on a single control plane', () => {
    expect(errorsOn(kubeVipPlan({ loadBalancer: undefined }), 'loadBalancer.kind')).toHaveLength(1);
    const single = { ...kubeVipPlan(), topology: undefined };
    expect(errorsOn(single, 'loadBalancer.kind', { nodes: guideNodes() })).toHaveLength(1);
  });

  it('refuses a VIP equal to a node address', () => {
    const plan = kubeVipPlan({
      controlPlaneEndpoint: '192.168.100.112:6443',
      loadBalancer: { kind: 'kube-vip', vip: '192.168.100.112', interface: 'eth0' },
    });
    const errors = errorsOn(plan, 'loadBalancer.vip');
    expect(errors.map((e) => e.message).join()).toMatch(/address of node master2 \(nodes\.1\)/);
    expect(errors[0]?.messageZh).toMatch(/master2/);
  });

  it('refuses a VIP that is a second address of a node (from facts)', () => {
    const withFacts = { ...ctx, nodeAddresses: { node1: ['192.168.100.100'] } };
    expect(errorsOn(kubeVipPlan(), 'loadBalancer.vip', withFacts)).toHaveLength(1);
  });

  it.each([
    ['10.10.3.4', 'podCidr'],
    ['10.20.0.50', 'serviceCidr'],
  ])('refuses a VIP %s inside the %s', (vip, range) => {
    const plan = kubeVipPlan({
      controlPlaneEndpoint: `${vip}:6443`,
      loadBalancer: { kind: 'kube-vip', vip, interface: 'eth0' },
    });
    const errors = errorsOn(plan, 'loadBalancer.vip');
    expect(errors.some((e) => e.message.includes(range))).toBe(true);
  });

  it("refuses a VIP outside the control planes' subnet, once facts say which it is", () => {
    const plan = kubeVipPlan({
      controlPlaneEndpoint: '192.168.200.100:6443',
      loadBalancer: { kind: 'kube-vip', vip: '192.168.200.100', interface: 'eth0' },
    });
    const errors = errorsOn(plan, 'loadBalancer.vip');
    expect(errors).toHaveLength(3); // one per control plane
    expect(errors[0]?.message).toMatch(
      /outside control plane master1's subnet 192\.168\.100\.0\/24/,
    );
    // Without facts the subnets are unknown: nothing to compare yet.
    expect(errorsOn(plan, 'loadBalancer.vip', { nodes: haNodes() })).toEqual([]);
  });

  it.each(['192.168.100', 'vip.lab.local', '192.168.100.300'])(
    'refuses VIP %s (not an IP)',
    (vip) => {
      const plan = kubeVipPlan({ loadBalancer: { kind: 'kube-vip', vip, interface: 'eth0' } });
      expect(errorsOn(plan, 'loadBalancer.vip').length).toBeGreaterThan(0);
    },
  );

  it.each(['eth 0', 'a-very-long-interface-name', 'eth0;reboot'])(
    'refuses interface %s',
    (iface) => {
      const plan = kubeVipPlan({
        loadBalancer: { kind: 'kube-vip', vip: '192.168.100.100', interface: iface },
      });
      expect(errorsOn(plan, 'loadBalancer.interface')).toHaveLength(1);
    },
  );

  it('refuses an endpoint IP other than the VIP', () => {
    const plan = kubeVipPlan({ controlPlaneEndpoint: '192.168.100.99:6443' });
    expect(errorsOn(plan, 'controlPlaneEndpoint')[0]?.message).toMatch(/other than the VIP/);
  });

  it('refuses haproxy on the API server port, and kube-vip on another port', () => {
    const haproxy = kubeVipPlan({
      loadBalancer: {
        kind: 'haproxy-keepalived',
        vip: '192.168.100.100',
        interface: 'eth0',
        virtualRouterId: 51,
      },
    });
    expect(errorsOn(haproxy, 'controlPlaneEndpoint')[0]?.message).toMatch(/must differ/);
    const kubeVip = kubeVipPlan({ controlPlaneEndpoint: '192.168.100.100:8443' });
    expect(errorsOn(kubeVip, 'controlPlaneEndpoint')[0]?.message).toMatch(/bindPort 6443/);
  });

  it('requires https etcd endpoints for external-etcd only', () => {
    const external = kubeVipPlan({ topology: 'external-etcd' });
    expect(errorsOn(external, 'externalEtcdEndpoints')).toHaveLength(1);
    const bad = { ...external, externalEtcdEndpoints: ['http://10.0.0.5:2379'] };
    expect(errorsOn(bad, 'externalEtcdEndpoints.0')).toHaveLength(1);
    const good = { ...external, externalEtcdEndpoints: ['https://10.0.0.5:2379'] };
    expect(validatePlan(good, ctx)).toEqual([]);
    const stacked = kubeVipPlan({ externalEtcdEndpoints: ['https://10.0.0.5:2379'] });
    expect(errorsOn(stacked, 'externalEtcdEndpoints')).toHaveLength(1);
  });
});
