import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProject, serializeProject } from './projectFile';

/**
 * tests/fixtures/project/pre-ha.kubelab.yaml was written by kubelab before the HA fields
 * existed (serializeProject at d6061f8, the guide project with a controlPlaneEndpoint and a run
 * state). It must load without any HA field appearing and be saved again byte for byte.
 */
const fixture = join(__dirname, '../../tests/fixtures/project/pre-ha.kubelab.yaml');

describe('project file: HA fields are backward compatible', () => {
  it('loads a pre-HA file with no HA field added', async () => {
    const project = parseProject(await readFile(fixture, 'utf8'));
    expect(Object.keys(project.plan)).not.toContain('topology');
    expect(Object.keys(project.plan)).not.toContain('loadBalancer');
    expect(Object.keys(project.plan)).not.toContain('externalEtcdEndpoints');
    expect(project.plan.controlPlaneEndpoint).toBe('k8s-api.lab.local:6443');
  });

  it('saves a pre-HA file byte-identical', async () => {
    const text = await readFile(fixture, 'utf8');
    expect(serializeProject(parseProject(text))).toBe(text);
  });

  it('round-trips an HA plan with its fields', async () => {
    const project = parseProject(await readFile(fixture, 'utf8'));
    const ha = {
      ...project,
      plan: {
        ...project.plan,
        controlPlaneEndpoint: '192.168.100.100:8443',
        topology: 'stacked-etcd' as const,
        loadBalancer: {
          kind: 'haproxy-keepalived' as const,
          vip: '192.168.100.100',
          interface: 'eth0',
          virtualRouterId: 51,
        },
      },
    };
    const text = serializeProject(ha);
    expect(text).toContain('topology: stacked-etcd');
    expect(parseProject(text).plan).toEqual(ha.plan);
  });
});
