// What kubelab's own install steps take care of (prepare-os: modules and sysctls; kube-packages:
// the kubelet package's tool dependencies; container-runtime: the systemd cgroup driver) warns with
// `fixedBy` before an install, and blocks when no kubelab install follows (context `existing`).
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_MINORS } from '../catalog/kubernetesVersions';
import type { CheckResult, PreflightNodeInput, PreflightRequest } from '../model/preflight';
import { renderKubeadmConfig } from '../plan/kubeadmConfig';
import { guidePlan, modernPlan } from '../plan/presets';
import { KUBELET_CGROUP_DRIVER } from './checks/runtime';
import { evaluatePreflight } from './evaluate';
import { healthy, plan } from './testing/healthyNode';

type Plan = PreflightRequest['plan'];
const existing: Plan = { ...plan, context: 'existing' };

function result(p: Plan, node: PreflightNodeInput, checkId: string): CheckResult {
  const r = evaluatePreflight({ plan: p, nodes: [node] }).results.find(
    (x) => x.checkId === checkId,
  );
  if (!r) throw new Error(`no ${checkId}`);
  return r;
}

const brief = (r: CheckResult): string =>
  `${r.status} ${r.severity}${r.fixedBy ? ` by ${r.fixedBy}` : ''}`;

function withoutModules(): PreflightNodeInput {
  const node = healthy('node1');
  // A fresh Ubuntu as the lab has it: nothing loaded, forwarding off, bridge keys absent.
  node.probes = { ...node.probes, modules: [], sysctl: { 'net.ipv4.ip_forward': '0' } };
  return node;
}

function withoutTools(...names: string[]): PreflightNodeInput {
  const node = healthy('node1');
  node.facts.binaries = node.facts.binaries?.filter((b) => !names.includes(b.name));
  return node;
}

function onDriver(driver: 'systemd' | 'cgroupfs'): PreflightNodeInput {
  const node = healthy('master1', 'control-plane');
  node.probes = { ...node.probes, runtimeCgroupDriver: driver };
  return node;
}

describe('kernel-modules and sysctl', () => {
  it('before an install: a warning that prepare-os will do it, the fix still offered', () => {
    for (const id of ['kernel-modules', 'sysctl']) {
      const r = result(plan, withoutModules(), id);
      expect(brief(r)).toBe('fail warn by prepare-os');
      expect(r.message.en).toContain("kubelab's prepare-os step will do this.");
      expect(r.message.zh).toContain('prepare-os');
      expect(r.fix?.id).toBe('kernel-modules-sysctl');
    }
    expect(evaluatePreflight({ plan, nodes: [withoutModules()] }).ok).toBe(true);
  });

  it('without an install they block', () => {
    expect(brief(result(existing, withoutModules(), 'kernel-modules'))).toBe('fail block');
    expect(brief(result(existing, withoutModules(), 'sysctl'))).toBe('fail block');
    expect(evaluatePreflight({ plan: existing, nodes: [withoutModules()] }).ok).toBe(false);
  });

  it('the context defaults to an install', () => {
    const p: Plan = { kubernetesVersion: '1.18.2', runtime: 'docker' };
    expect(result(p, withoutModules(), 'sysctl').fixedBy).toBe('prepare-os');
  });
});

describe('binaries', () => {
  it('conntrack, socat, ebtables, ethtool come with the kubelet package before an install', () => {
    const node = withoutTools('conntrack', 'socat', 'ebtables', 'ethtool');
    const r = result({ ...plan, kubernetesVersion: '1.18.2' }, node, 'binaries');
    expect(brief(r)).toBe('fail warn by kube-packages');
    expect(r.evidence).toBe('missing: conntrack, ebtables, ethtool, socat');
    const old: Plan = { ...existing, kubernetesVersion: '1.18.2' };
    expect(brief(result(old, node, 'binaries'))).toBe('fail block');
  });

  it('every mandatory tool is a kubelet dependency; tc is not and still warns', () => {
    const noIp = withoutTools('ip', 'nsenter');
    expect(brief(result(plan, noIp, 'binaries'))).toBe('fail warn by kube-packages');
    const blocked = result(existing, noIp, 'binaries');
    expect(brief(blocked)).toBe('fail block');
    expect(blocked.message.en).toContain('needs ip, nsenter on');
    // tc: on EL it is iproute-tc, which the kubelet package does not require.
    const noTc = result(plan, withoutTools('tc', 'socat'), 'binaries');
    expect(brief(noTc)).toBe('fail warn');
    expect(noTc.message.en).toContain('missing: tc (');
  });
});

describe('cgroup-driver', () => {
  it('kubelab gives the kubelet systemd for every version it knows, with either runtime', () => {
    for (const { minor, defaultPatch } of KUBERNETES_MINORS) {
      for (const runtime of ['docker', 'containerd'] as const) {
        if (runtime === 'docker' && minor >= 24) continue; // dockershim is gone
        const p = { ...modernPlan(), kubernetesVersion: `1.${minor}.${defaultPatch}`, runtime };
        const kubelet = parseAllDocuments(renderKubeadmConfig(p))
          .map((d) => d.toJS() as Record<string, unknown>)
          .find((d) => d.kind === 'KubeletConfiguration');
        expect(kubelet?.cgroupDriver, `1.${minor} ${runtime}`).toBe(KUBELET_CGROUP_DRIVER);
      }
    }
    expect(renderKubeadmConfig(guidePlan())).toContain('cgroupDriver: systemd');
  });

  it('before an install a cgroupfs runtime is set to systemd by the container-runtime step', () => {
    const containerd = result(plan, onDriver('cgroupfs'), 'cgroup-driver');
    expect(brief(containerd)).toBe('fail warn by container-runtime');
    expect(containerd.message.en).toContain('SystemdCgroup = true');
    expect(containerd.evidence).toBe(
      "containerd cgroup driver: cgroupfs; kubelet (kubelab's kubeadm config): systemd",
    );
    const docker: Plan = { kubernetesVersion: '1.18.2', runtime: 'docker' };
    const r = result(docker, onDriver('cgroupfs'), 'cgroup-driver');
    expect(brief(r)).toBe('fail warn by container-runtime');
    expect(r.message.en).toContain('native.cgroupdriver=systemd');
  });

  it('without an install: containerd on cgroupfs blocks with the SystemdCgroup fix', () => {
    const r = result(existing, onDriver('cgroupfs'), 'cgroup-driver');
    expect(brief(r)).toBe('fail block');
    expect(r.fix?.id).toBe('containerd-systemd-cgroup');
  });

  it('without an install: docker before 1.22 only warns (kubeadm copies its driver), from 1.22 blocks', () => {
    const old: Plan = { kubernetesVersion: '1.18.2', runtime: 'docker', context: 'existing' };
    const r = result(old, onDriver('cgroupfs'), 'cgroup-driver');
    expect(brief(r)).toBe('fail warn');
    expect(r.evidence).toContain('kubeadm before 1.22 writes --cgroup-driver=cgroupfs');
    const newer: Plan = { ...old, kubernetesVersion: '1.23.17' };
    const b = result(newer, onDriver('cgroupfs'), 'cgroup-driver');
    expect(brief(b)).toBe('fail block');
    expect(b.message.en).toContain('kubeadm stopped copying docker’s driver in 1.22');
  });

  it('cri-dockerd is Docker configured by the container-runtime step before an install', () => {
    const p: Plan = { kubernetesVersion: '1.30.2', runtime: 'cri-dockerd' };
    const r = result(p, onDriver('cgroupfs'), 'cgroup-driver');
    expect(brief(r)).toBe('fail warn by container-runtime');
    expect(r.message.en).toContain('/etc/docker/daemon.json');
    const adopted: Plan = { ...p, context: 'existing' };
    expect(brief(result(adopted, onDriver('cgroupfs'), 'cgroup-driver'))).toBe('fail block');
  });

  it('systemd on both sides passes in either context', () => {
    expect(brief(result(plan, onDriver('systemd'), 'cgroup-driver'))).toBe('pass block');
    expect(brief(result(existing, onDriver('systemd'), 'cgroup-driver'))).toBe('pass block');
  });
});
