import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../store/projectFile';
import { formatHaSection } from './haSection';
import type { CliIo } from './imagesCommand';
import { runInit } from './initCommand';

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string): void => {
      io.out += text;
    },
    stderr: (text: string): void => {
      io.err += text;
    },
  };
  return io;
}

const cp = (n: number): string => `id=cp${n},address=10.0.0.1${n},role=control-plane`;

async function output(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'kubelab-ha-init-')), 'kubelab.yaml');
}

describe('kubelab init: HA flags', () => {
  it('writes stacked HA with kube-vip from --topology, --control-plane-endpoint, --lb, --vip', async () => {
    const file = await output();
    const io = capture();
    const code = await runInit(
      {
        output: file,
        kubernetesVersion: '1.29',
        advertiseAddress: '10.0.0.11',
        topology: 'stacked-etcd',
        controlPlaneEndpoint: '10.0.0.100:6443',
        lb: 'kube-vip',
        vip: '10.0.0.100',
        vipInterface: 'ens3',
        node: [cp(1), cp(2), cp(3)],
      },
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const project = await loadProject(file);
    expect(project.plan).toMatchObject({
      topology: 'stacked-etcd',
      controlPlaneEndpoint: '10.0.0.100:6443',
      loadBalancer: { kind: 'kube-vip', vip: '10.0.0.100', interface: 'ens3' },
    });
    const section = formatHaSection(project, true);
    expect(section).toContain('High availability: stacked-etcd, endpoint 10.0.0.100:6443');
    expect(section).toContain('etcd members: 3, tolerates 1 failure(s)');
    expect(section).toContain('/etc/kubernetes/super-admin.conf');
  });

  it('refuses a VIP equal to a node address, naming the field, and writes nothing', async () => {
    const file = await output();
    const io = capture();
    const code = await runInit(
      {
        output: file,
        advertiseAddress: '10.0.0.11',
        topology: 'stacked-etcd',
        controlPlaneEndpoint: '10.0.0.12:8443',
        lb: 'haproxy-keepalived',
        vip: '10.0.0.12',
        node: [cp(1), cp(2), cp(3)],
      },
      io,
    );
    expect(code).toBe(1);
    expect(io.err).toMatch(/loadBalancer\.vip: The VIP 10\.0\.0\.12 is an address of node cp2/);
    await expect(loadProject(file)).rejects.toThrow();
  });

  it('warns, without refusing, about an even number of control planes', async () => {
    const io = capture();
    const code = await runInit(
      {
        output: await output(),
        advertiseAddress: '10.0.0.11',
        topology: 'stacked-etcd',
        controlPlaneEndpoint: '10.0.0.100:6443',
        vip: '10.0.0.100',
        node: [cp(1), cp(2), cp(3), cp(4)],
      },
      io,
    );
    expect(code).toBe(0);
    expect(io.err).toMatch(/warning: nodes: 4 control planes .* tolerate 1 failure, the same as 3/);
  });

  it('prints no HA section for a single control plane', async () => {
    const file = await output();
    expect(await runInit({ output: file, fromGuide: true }, capture())).toBe(0);
    expect(formatHaSection(await loadProject(file), true)).toBe('');
  });
});
