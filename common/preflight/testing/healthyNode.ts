import type { PreflightNodeInput } from '../../model/preflight';

/** The plan the preflight unit tests evaluate against (context defaults to `install`). */
export const plan = { kubernetesVersion: '1.30.2', runtime: 'containerd' } as const;

/** A node that passes everything; each test breaks one thing, like the lab's scenarios. */
export function healthy(
  id: string,
  role: 'control-plane' | 'worker' = 'worker',
): PreflightNodeInput {
  const n = Number(id.replace(/\D/g, '')) || 1;
  return {
    role,
    address: `192.168.100.${110 + n}`,
    facts: {
      nodeId: id,
      os: { id: 'ubuntu', idLike: ['debian'], version: '22.04', prettyName: 'Ubuntu 22.04.4 LTS' },
      kernel: '5.15.0-105-generic',
      arch: 'x86_64',
      cpus: 2,
      memoryBytes: 4 * 1024 ** 3,
      hostname: id,
      machineId: `machine${n}`,
      productUuid: `uuid-${n}`,
      interfaces: [
        { name: 'lo', mac: '00:00:00:00:00:00', state: 'UNKNOWN', addresses: [] },
        { name: 'ens33', mac: `52:54:00:00:00:0${n}`, state: 'UP', addresses: [] },
      ],
      swap: { active: [], fstab: [] },
      selinux: 'absent',
      firewall: { firewalld: 'absent', ufw: 'inactive', iptablesForwardPolicy: 'ACCEPT' },
      cgroup: 'v2',
      binaries: [
        'ip',
        'iptables',
        'mount',
        'nsenter',
        'conntrack',
        'ebtables',
        'ethtool',
        'socat',
        'tc',
      ].map((name) => ({ name, path: `/usr/sbin/${name}` })),
      clockOffsetMs: 120,
    },
    probes: {
      modules: ['overlay', 'br_netfilter'],
      sysctl: {
        'net.ipv4.ip_forward': '1',
        'net.bridge.bridge-nf-call-iptables': '1',
        'net.bridge.bridge-nf-call-ip6tables': '1',
      },
      zramSwap: false,
      runtimeCgroupDriver: 'systemd',
      criSockets: ['unix:///run/containerd/containerd.sock'],
      listeningPorts: [22],
      leftoverPaths: [],
      hostnameResolves: true,
    },
  };
}
