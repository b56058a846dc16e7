import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupDriver, parseProbe, portOf } from './probeParser';

// Captured from practice-lab nodes (tests/lab, instance 6) running scripts/probe.sh over ssh.
const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parseProbe', () => {
  it('reads a fresh guide node (master1): nothing loaded, nothing left over', () => {
    const p = parseProbe(fixture('probe-guide-master1.txt'), 'docker');
    expect(p.probes.modules).toEqual(['x_tables', 'ip_tables']);
    expect(p.probes.sysctl).toEqual({ 'net.ipv4.ip_forward': '0' });
    expect(p.probes.zramSwap).toBe(false);
    expect(p.probes.runtimeCgroupDriver).toBe('unknown');
    expect(p.probes.criSockets).toEqual([]);
    expect(p.probes.listeningPorts).toEqual([22]);
    expect(p.probes.leftoverPaths).toEqual([]);
    expect(p.probes.hostnameResolves).toBe(true);
    expect(p.hostname).toBe('master1');
    expect(p.tools.socat).toBe('/usr/bin/socat');
    expect(p.tools.conntrack).toBeUndefined();
    expect(p.nodeClockMs).toBeGreaterThan(1.7e12);
    expect(p.urls).toEqual([
      {
        url: 'https://registry.cn-hangzhou.aliyuncs.com/v2/',
        curlExit: 6,
        error: 'curl: (6) Could not resolve host: registry.cn-hangzhou.aliyuncs.com',
      },
      { url: 'https://mirrors.aliyun.com/kubernetes/apt/', curlExit: 0, error: '' },
    ]);
  });

  it('reads a node with docker on cgroupfs, modules loaded and leftovers', () => {
    const raw = fixture('probe-node2-docker-leftovers.txt');
    const p = parseProbe(raw, 'docker');
    expect(p.probes.modules).toEqual(expect.arrayContaining(['overlay', 'br_netfilter']));
    expect(p.probes.sysctl?.['net.bridge.bridge-nf-call-iptables']).toBe('1');
    expect(p.probes.runtimeCgroupDriver).toBe('cgroupfs');
    expect(p.probes.leftoverPaths).toEqual(['/etc/kubernetes/manifests', '/etc/cni/net.d']);
    // containerd.io came with docker-ce: its packaged config has no SystemdCgroup → runc's cgroupfs.
    expect(parseProbe(raw, 'containerd').probes.runtimeCgroupDriver).toBe('cgroupfs');
  });

  it('leaves hostnameResolves out when getent is missing', () => {
    expect(
      parseProbe('@@KL:hostname\nnode9\n@@KL:end\n', 'docker').probes.hostnameResolves,
    ).toBeUndefined();
    expect(parseProbe('@@KL:hostname\nnode9\nunresolved\n', 'docker').probes.hostnameResolves).toBe(
      false,
    );
  });
});

describe('cgroupDriver', () => {
  it('takes containerd SystemdCgroup and docker info as they are', () => {
    expect(cgroupDriver('containerd', '', 'installed\n            SystemdCgroup = true')).toBe(
      'systemd',
    );
    expect(cgroupDriver('containerd', '', 'installed\n SystemdCgroup = false')).toBe('cgroupfs');
    expect(cgroupDriver('containerd', 'systemd', '')).toBe('unknown');
    expect(cgroupDriver('docker', 'systemd\n', '')).toBe('systemd');
    expect(cgroupDriver('docker', 'Cannot connect to the Docker daemon', '')).toBe('unknown');
  });
});

describe('portOf', () => {
  it('reads ss local addresses', () => {
    expect(portOf('0.0.0.0:6443')).toBe(6443);
    expect(portOf('[::]:10250')).toBe(10250);
    expect(portOf('127.0.0.53%lo:53')).toBe(53);
    expect(portOf('*:22')).toBe(22);
    expect(portOf('garbage')).toBeUndefined();
  });
});
