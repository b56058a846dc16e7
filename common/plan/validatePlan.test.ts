import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../model/node';
import type { ClusterPlan } from '../model/plan';
import { guideNodes, guidePlan, modernPlan } from './presets';
import { planWarnings } from './planWarnings';
import { validatePlan, type PlanContext } from './validatePlan';

const ctx: PlanContext = { nodes: guideNodes() };

function fields(plan: ClusterPlan, context: PlanContext = ctx): string[] {
  return validatePlan(plan, context).map((e) => e.field);
}

function withPlan(patch: Partial<ClusterPlan>): ClusterPlan {
  return { ...guidePlan(), ...patch };
}

describe('validatePlan: presets', () => {
  it('accepts the guide plan on the guide machines', () => {
    expect(validatePlan(guidePlan(), ctx)).toEqual([]);
  });

  it('accepts the modern plan', () => {
    expect(validatePlan(modernPlan(), ctx)).toEqual([]);
  });

  it('gives every message in English and Chinese', () => {
    const errors = validatePlan(withPlan({ podCidr: 'nope' }), ctx);
    expect(errors[0]?.message).toMatch(/podCidr must be a CIDR/);
    expect(errors[0]?.messageZh).toMatch(/必须是 CIDR/);
  });
});

describe('validatePlan: CIDRs', () => {
  it.each([
    ['10.10.0.0', 'no prefix'],
    ['10.10.0.0/33', 'prefix too long'],
    ['10.10.0/16', 'three parts'],
    ['0x0a.10.0.0/16', 'hex part'],
    ['10.10.0.0/abc', 'bad prefix'],
    ['', 'empty'],
  ])('refuses pod CIDR %s (%s)', (podCidr) => {
    expect(fields(withPlan({ podCidr }))).toContain('podCidr');
  });

  it('refuses host bits and suggests the network', () => {
    const errors = validatePlan(withPlan({ serviceCidr: '10.20.1.0/16' }), ctx);
    expect(errors).toContainEqual(
      expect.objectContaining({
        field: 'serviceCidr',
        message: expect.stringContaining('10.20.0.0/16'),
      }),
    );
  });

  it('refuses sizes kubeadm refuses', () => {
    expect(fields(withPlan({ podCidr: '10.10.0.0/25' }))).toContain('podCidr');
    expect(fields(withPlan({ serviceCidr: '10.0.0.0/8' }))).toContain('serviceCidr');
    expect(fields(withPlan({ serviceCidr: '10.20.0.0/29' }))).toContain('serviceCidr');
  });

  it('refuses pod and service ranges that overlap each other', () => {
    expect(fields(withPlan({ podCidr: '10.0.0.0/8', serviceCidr: '10.20.0.0/16' }))).toEqual([
      'serviceCidr',
    ]);
  });

  it('refuses ranges that contain a node address or overlap the nodes’ networks', () => {
    expect(fields(withPlan({ podCidr: '192.168.0.0/16' }))).toContain('podCidr');
    const facts = { ...ctx, hostNetworks: ['10.20.0.0/24'] };
    expect(fields(guidePlan(), facts)).toEqual(['serviceCidr']);
    const secondNic = { ...ctx, nodeAddresses: { node1: ['10.10.5.5'] } };
    expect(fields(guidePlan(), secondNic)).toEqual(['podCidr']);
  });
});

describe('validatePlan: addresses and nodes', () => {
  it.each(['192.168.100.300', '192.168.100', 'master1', '::1%eth0'])(
    'refuses advertise address %s',
    (advertiseAddress) => {
      expect(fields(withPlan({ advertiseAddress }))).toContain('advertiseAddress');
    },
  );

  it('requires the advertise address to be a control-plane node’s', () => {
    const errors = validatePlan(withPlan({ advertiseAddress: '192.168.100.116' }), ctx);
    expect(errors).toEqual([
      expect.objectContaining({
        field: 'advertiseAddress',
        message: expect.stringContaining('worker node1'),
      }),
    ]);
    expect(fields(withPlan({ advertiseAddress: '192.168.100.200' }))).toEqual(['advertiseAddress']);
  });

  it('accepts an advertise address found among a control-plane node’s facts', () => {
    const facts = { ...ctx, nodeAddresses: { master1: ['192.168.56.10'] } };
    expect(fields(withPlan({ advertiseAddress: '192.168.56.10' }), facts)).toEqual([]);
  });

  it('requires at least one control-plane node and unique nodes', () => {
    const workers: NodeSpec[] = guideNodes().map((n) => ({ ...n, role: 'worker' }));
    expect(fields(guidePlan(), { nodes: workers })).toEqual(['advertiseAddress', 'nodes']);
    const [, worker] = guideNodes();
    if (!worker) throw new Error('guide has workers');
    const dup = [...guideNodes(), { ...worker, id: 'node9' }];
    expect(fields(guidePlan(), { nodes: dup })).toEqual(['nodes.3.address']);
  });

  it('lets a draft project have no nodes yet, but only when asked', () => {
    expect(fields(modernPlan(), { nodes: [], allowNoNodes: true })).toEqual([]);
    expect(fields(modernPlan(), { nodes: [] })).toEqual(['advertiseAddress', 'nodes']);
  });
});

describe('validatePlan: version, runtime, mirrors, DNS, mode', () => {
  it('explains docker on 1.24 and later', () => {
    const errors = validatePlan(withPlan({ kubernetesVersion: '1.24.17' }), ctx);
    expect(errors).toEqual([
      expect.objectContaining({ field: 'runtime', message: expect.stringContaining('dockershim') }),
    ]);
    expect(fields(withPlan({ kubernetesVersion: '1.23.17' }))).toEqual([]);
    expect(fields({ ...modernPlan(), runtime: 'cri-dockerd' })).toEqual([]);
    expect(fields(withPlan({ runtime: 'cri-dockerd' }))).toEqual(['runtime']);
  });

  it('allows a version past the catalog with a warning, not an error', () => {
    const plan = { ...modernPlan(), kubernetesVersion: '1.38.0' };
    expect(fields(plan)).toEqual([]);
    const [w, ...more] = planWarnings(plan);
    expect(more).toEqual([]);
    expect(w?.field).toBe('kubernetesVersion');
    expect(w?.message).toContain('1.38.0 is newer than kubelab');
    expect(w?.messageZh).toContain('1.38.0 比 kubelab 的版本目录更新');
    expect(planWarnings(modernPlan())).toEqual([]);
    expect(fields({ ...modernPlan(), kubernetesVersion: '1.45.0' })).toEqual(['kubernetesVersion']);
  });

  it('refuses unknown versions', () => {
    expect(fields(withPlan({ kubernetesVersion: '1.17.0' }))).toEqual(['kubernetesVersion']);
    expect(fields(withPlan({ kubernetesVersion: 'latest' }))).toEqual(['kubernetesVersion']);
  });

  it('refuses upstream packages for legacy versions unless a repo is set', () => {
    const plan = withPlan({ mirrorProfile: 'upstream' });
    expect(fields(plan)).toEqual(['mirrorProfile']);
    const mirrors = { kubernetesLegacyApt: 'https://mirrors.example.org/kubernetes/apt/' };
    expect(fields({ ...plan, mirrors })).toEqual([]);
  });

  it.each(['K8sTest.local', 'k8stest..local', '-k8s.local', 'a_b.local'])(
    'refuses DNS domain %s',
    (dnsDomain) => {
      expect(fields(withPlan({ dnsDomain }))).toEqual(['dnsDomain']);
    },
  );

  it('offers self-hosted only where kubeadm still can', () => {
    expect(fields(withPlan({ controlPlaneMode: 'self-hosted' }))).toEqual([]);
    expect(fields({ ...modernPlan(), controlPlaneMode: 'self-hosted' })).toEqual([
      'controlPlaneMode',
    ]);
  });
});
