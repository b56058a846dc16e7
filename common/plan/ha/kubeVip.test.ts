import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ClusterPlan } from '../../model/plan';
import { guidePlan, modernPlan } from '../presets';
import { renderKubeVipManifest } from './kubeVip';

const lb = { kind: 'kube-vip' as const, vip: '192.168.100.100', interface: 'eth0' };

function plan(version: string): ClusterPlan {
  return { ...modernPlan('192.168.100.111'), kubernetesVersion: version, topology: 'stacked-etcd' };
}

interface Pod {
  spec: {
    containers: Array<{
      image: string;
      env: Array<{ name: string; value: string }>;
      volumeMounts: Array<{ mountPath: string }>;
    }>;
    volumes: Array<{ hostPath: { path: string } }>;
  };
}

function pod(text: string): Pod {
  return parse(text) as Pod;
}

describe('kube-vip static pod', () => {
  it('has the ARP + leader election env of the upstream example (kubeadm ha-considerations.md)', () => {
    const [container] = pod(renderKubeVipManifest(plan('1.28.0'), lb, 'running')).spec.containers;
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      vip_arp: 'true',
      port: '6443',
      vip_interface: 'eth0',
      vip_cidr: '32',
      cp_enable: 'true',
      cp_namespace: 'kube-system',
      vip_leaderelection: 'true',
      vip_leaseduration: '5',
      vip_renewdeadline: '3',
      vip_retryperiod: '1',
      vip_address: '192.168.100.100',
    });
    expect(container?.volumeMounts).toEqual([
      { mountPath: '/etc/kubernetes/admin.conf', name: 'kubeconfig' },
    ]);
  });

  it('1.28: admin.conf during init as after (no super-admin.conf before 1.29)', () => {
    const init = pod(renderKubeVipManifest(plan('1.28.0'), lb, 'init'));
    expect(init.spec.volumes[0]?.hostPath.path).toBe('/etc/kubernetes/admin.conf');
  });

  it('1.29+: super-admin.conf on the first control plane during init, admin.conf after', () => {
    for (const version of ['1.29.0', '1.31.0']) {
      const init = pod(renderKubeVipManifest(plan(version), lb, 'init'));
      const running = pod(renderKubeVipManifest(plan(version), lb, 'running'));
      expect(init.spec.volumes[0]?.hostPath.path).toBe('/etc/kubernetes/super-admin.conf');
      expect(running.spec.volumes[0]?.hostPath.path).toBe('/etc/kubernetes/admin.conf');
      // Inside the pod the path stays admin.conf: only the host file changes.
      expect(init.spec.containers[0]?.volumeMounts[0]?.mountPath).toBe(
        '/etc/kubernetes/admin.conf',
      );
    }
  });

  it('takes the image through the plan’s ghcr.io mirror', () => {
    const china = { ...guidePlan(), topology: 'stacked-etcd' as const };
    const image = pod(renderKubeVipManifest(china, lb, 'running')).spec.containers[0]?.image;
    expect(image).toBe('ghcr.m.daocloud.io/kube-vip/kube-vip:v0.8.9');
  });
});
