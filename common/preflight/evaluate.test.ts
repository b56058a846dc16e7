import { describe, expect, it } from 'vitest';
import {
  PreflightReportSchema,
  type CheckResult,
  type PreflightNodeInput,
  type PreflightReport,
  type PreflightRequest,
} from '../model/preflight';
import { evaluatePreflight, failing } from './evaluate';
import { healthy, plan } from './testing/healthyNode';

/** No kubelab install follows: what its steps would set up blocks (see installContext.test.ts). */
const existing = { ...plan, context: 'existing' } as const;

function run(...nodes: PreflightNodeInput[]): PreflightReport {
  return PreflightReportSchema.parse(evaluatePreflight({ plan, nodes }));
}

function runIn(p: PreflightRequest['plan'], ...nodes: PreflightNodeInput[]): PreflightReport {
  return PreflightReportSchema.parse(evaluatePreflight({ plan: p, nodes }));
}

function only(report: PreflightReport): Array<Pick<CheckResult, 'checkId' | 'severity'>> {
  return failing(report).map(({ checkId, severity }) => ({ checkId, severity }));
}

describe('evaluatePreflight', () => {
  it('passes a healthy cluster', () => {
    const r = run(healthy('master1', 'control-plane'), healthy('node2'), healthy('node3'));
    expect(only(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.counts.unknown).toBe(0);
  });

  it('swap-on: blocks active swap with swapoff + fstab fix, warns about swap at boot', () => {
    const node = healthy('node2');
    node.facts.swap = {
      active: [{ name: '/swap.img', type: 'file', sizeKb: 2097148 }],
      fstab: ['/swap.img none swap sw 0 0'],
    };
    const r = run(node);
    expect(only(r)).toEqual([
      { checkId: 'swap-active', severity: 'block' },
      { checkId: 'swap-on-boot', severity: 'warn' },
    ]);
    expect(r.ok).toBe(false);
    expect(r.results[0]?.evidence).toContain('/swap.img');
    expect(r.results[0]?.fix?.commands[0]).toBe('swapoff -a');
  });

  it('warns about zram swap that comes back at boot', () => {
    const node = healthy('node2');
    node.probes = { ...node.probes, zramSwap: true };
    expect(only(run(node))).toEqual([{ checkId: 'swap-on-boot', severity: 'warn' }]);
  });

  it('selinux-enforcing: blocks with the permissive fix', () => {
    const node = healthy('node2');
    node.facts.selinux = 'enforcing';
    const r = run(node);
    expect(only(r)).toEqual([{ checkId: 'selinux', severity: 'block' }]);
    expect(r.results[0]?.fix?.commands).toContain('setenforce 0');
  });

  it('firewall active: warns with the exact ports of the role', () => {
    const cp = healthy('master1', 'control-plane');
    cp.facts.firewall = { firewalld: 'active', ufw: 'absent' };
    const r = run(cp);
    expect(only(r)).toEqual([{ checkId: 'firewall', severity: 'warn' }]);
    expect(r.results[0]?.fix?.commands[0]).toContain(
      '6443/tcp,2379-2380/tcp,10250/tcp,10257/tcp,10259/tcp,8472/udp',
    );
    const worker = healthy('node2');
    worker.facts.firewall = { firewalld: 'absent', ufw: 'active' };
    expect(run(worker).results[0]?.fix?.commands[0]).toContain(
      '10250/tcp,30000:32767/tcp,8472/udp',
    );
  });

  it('cgroup-mismatch: blocks a cgroupfs runtime without an install', () => {
    const node = healthy('node2');
    node.probes = { ...node.probes, runtimeCgroupDriver: 'cgroupfs' };
    const r = runIn(existing, node);
    expect(only(r)).toEqual([{ checkId: 'cgroup-driver', severity: 'block' }]);
    expect(r.results[0]?.fix?.id).toBe('containerd-systemd-cgroup');
  });

  it('blocks missing modules and sysctls without an install, with one fix that loads the module first', () => {
    const node = healthy('node2');
    node.probes = { ...node.probes, modules: ['overlay'], sysctl: { 'net.ipv4.ip_forward': '0' } };
    const r = runIn(existing, node);
    expect(only(r).map((x) => x.checkId)).toEqual(['kernel-modules', 'sysctl']);
    const fix = r.results[0]?.fix?.commands ?? [];
    expect(fix.indexOf('modprobe br_netfilter')).toBeLessThan(fix.indexOf('sysctl --system'));
    expect(r.results[1]?.evidence).toContain('net.bridge.bridge-nf-call-iptables = (absent)');
  });

  it('leftovers: blocks old manifests and ports in use, warns about a stale cni0 only', () => {
    const node = healthy('master1', 'control-plane');
    node.probes = {
      ...node.probes,
      leftoverPaths: ['/etc/kubernetes/manifests'],
      listeningPorts: [22, 6443, 10250],
    };
    const r = run(node);
    expect(only(r)).toEqual([
      { checkId: 'ports', severity: 'block' },
      { checkId: 'leftovers', severity: 'block' },
    ]);
    expect(r.results[0]?.evidence).toBe('in use: 6443, 10250');
    expect(r.results[1]?.fix).toMatchObject({ id: 'reset-node', destructive: true });
    const stale = healthy('node2');
    stale.facts.interfaces = [
      ...(stale.facts.interfaces ?? []),
      { name: 'cni0', state: 'DOWN', addresses: [] },
    ];
    expect(only(run(stale))).toEqual([{ checkId: 'leftovers', severity: 'warn' }]);
  });

  it('checks the control-plane minimums only on control-plane nodes', () => {
    const small = (role: 'control-plane' | 'worker'): PreflightNodeInput => {
      const n = healthy('n1', role);
      n.facts.cpus = 1;
      n.facts.memoryBytes = 1500 * 1024 * 1024;
      return n;
    };
    expect(only(run(small('control-plane')))).toEqual([
      { checkId: 'cpus', severity: 'block' },
      { checkId: 'memory', severity: 'block' },
    ]);
    expect(only(run(small('worker')))).toEqual([]);
  });

  it('needs conntrack only before 1.32, and blocks unsupported architectures', () => {
    const node = healthy('node2');
    node.facts.binaries = node.facts.binaries?.filter((b) => b.name !== 'conntrack');
    expect(only(runIn(existing, node))).toEqual([{ checkId: 'binaries', severity: 'block' }]);
    const r = evaluatePreflight({
      plan: { ...existing, kubernetesVersion: '1.32.0' },
      nodes: [node],
    });
    expect(only(r)).toEqual([]);
    const arm = healthy('node3');
    arm.facts.arch = 'riscv64';
    expect(only(run(arm))).toEqual([{ checkId: 'os-arch', severity: 'block' }]);
  });

  it('validates the hostname and its resolution', () => {
    const node = healthy('node2');
    node.facts.hostname = 'Node_2';
    node.probes = { ...node.probes, hostnameResolves: false };
    const r = run(node);
    expect(only(r)).toEqual([
      { checkId: 'hostname-valid', severity: 'block' },
      { checkId: 'hostname-resolves', severity: 'warn' },
    ]);
    expect(r.results[0]?.fix?.commands).toEqual(['hostnamectl set-hostname node-2']);
    expect(r.results[1]?.fix?.commands[0]).toContain('192.168.100.112 $(hostname)');
  });

  it('clock-skew: warns above 5 s and blocks above 30 s', () => {
    const at = (ms: number): Array<Pick<CheckResult, 'checkId' | 'severity'>> => {
      const node = healthy('node2');
      node.facts.clockOffsetMs = ms;
      return only(run(node));
    };
    expect(at(4_900)).toEqual([]);
    expect(at(-6_000)).toEqual([{ checkId: 'clock-skew', severity: 'warn' }]);
    expect(at(31_000)).toEqual([{ checkId: 'clock-skew', severity: 'block' }]);
  });

  it('duplicate-hostname / duplicate-product-uuid: flags cloned VMs across nodes', () => {
    const a = healthy('node2');
    const b = healthy('node3');
    b.facts.hostname = 'node2';
    b.facts.productUuid = 'UUID-2';
    b.facts.machineId = 'machine2';
    const ens = b.facts.interfaces?.[1];
    if (ens) ens.mac = '52:54:00:00:00:02';
    const r = run(a, b);
    expect(only(r)).toEqual([
      { checkId: 'duplicate-hostname', severity: 'block' },
      { checkId: 'duplicate-product-uuid', severity: 'block' },
      { checkId: 'duplicate-mac', severity: 'block' },
      { checkId: 'duplicate-machine-id', severity: 'warn' },
    ]);
    expect(r.results[0]?.nodeIds).toEqual(['node2', 'node3']);
    expect(r.results[0]?.message.en).toContain('share the hostname node2');
  });

  it('reports unknown (not pass) when facts were not gathered', () => {
    const r = evaluatePreflight({ plan, nodes: [{ role: 'worker', facts: { nodeId: 'bare' } }] });
    expect(r.counts.pass).toBe(0);
    expect(r.counts.unknown).toBe(r.results.length);
    expect(r.ok).toBe(true);
    expect(r.results[0]?.message.en).toMatch(/^Not checked: /);
  });
});
