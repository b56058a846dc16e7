import type { HostFacts } from '../../model/facts';
import type { NodeSpec } from '../../model/node';
import type { PreflightReport } from '../../model/preflight';
import type { NetworkMatrix } from '../../model/verification';
import { evaluatePreflight } from '../../preflight';

const GIB = 1024 ** 3;

/** Facts of an Ubuntu 18.04 machine with Docker 19.03 and kubelet 1.18.2, as in the guide. */
export function syntheticFacts(node: NodeSpec, clockOffsetMs = 120): HostFacts {
  const cp = node.role === 'control-plane';
  const last = node.address.split('.').at(-1) ?? '1';
  const mac = `52:54:00:12:34:${Number(last).toString(16).padStart(2, '0').slice(-2)}`;
  return {
    nodeId: node.id,
    collectedAt: '2025-06-01T07:55:00.000Z',
    os: { id: 'ubuntu', idLike: ['debian'], version: '18.04', prettyName: 'Ubuntu 18.04.4 LTS' },
    kernel: '4.15.0-101-generic',
    arch: 'x86_64',
    cpus: cp ? 4 : 2,
    memoryBytes: (cp ? 8 : 4) * GIB,
    disks: [{ name: 'sda', sizeBytes: 100 * GIB, type: 'disk' }],
    filesystems: [{ mount: '/', sizeBytes: 98 * GIB, availableBytes: 80 * GIB }],
    hostname: node.name,
    machineId: `${last.padStart(3, '0')}a9c1e7b2d44f0a8e6c3b5d7f9e1a2b`,
    productUuid: `4c4c4544-0042-3510-8052-${last.padStart(12, '0')}`,
    interfaces: [
      {
        name: 'ens33',
        mac,
        state: 'UP',
        addresses: [{ family: 'inet', address: node.address, prefix: 24 }],
      },
    ],
    defaultRoute: { iface: 'ens33', gateway: '192.168.100.2' },
    swap: { active: [], fstab: [] },
    selinux: 'absent',
    firewall: { firewalld: 'absent', ufw: 'inactive', iptablesForwardPolicy: 'ACCEPT' },
    cgroup: 'v1',
    binaries: [
      { name: 'docker', path: '/usr/bin/docker', version: '19.03.11' },
      { name: 'kubelet', path: '/usr/bin/kubelet', version: 'v1.18.2' },
      ...[
        'ip',
        'iptables',
        'mount',
        'nsenter',
        'conntrack',
        'ebtables',
        'ethtool',
        'socat',
        'tc',
      ].map((name) => ({
        name,
        path: `/usr/sbin/${name}`,
      })),
    ],
    clockOffsetMs,
    sudo: { mode: 'root' },
  };
}

/** The real preflight checks over these facts (so the report shows what kubelab would say). */
export function syntheticPreflight(
  nodes: readonly NodeSpec[],
  facts: readonly HostFacts[],
): PreflightReport {
  return evaluatePreflight({
    plan: { kubernetesVersion: '1.18.2', runtime: 'docker', bindPort: 6443 },
    nodes: nodes.map((n) => ({
      role: n.role,
      address: n.address,
      facts: facts.find((f) => f.nodeId === n.id) ?? { nodeId: n.id },
      probes: {
        modules: ['br_netfilter', 'overlay'],
        sysctl: {
          'net.ipv4.ip_forward': '1',
          'net.bridge.bridge-nf-call-iptables': '1',
          'net.bridge.bridge-nf-call-ip6tables': '1',
        },
        zramSwap: false,
        runtimeCgroupDriver: 'systemd',
        criSockets: ['/var/run/dockershim.sock'],
        listeningPorts: [22],
        leftoverPaths: [],
        hostnameResolves: true,
      },
    })),
  });
}

/** An all-pairs matrix over node names; `broken` lists `from>to` pairs that fail. */
export function syntheticMatrix(
  phase: NetworkMatrix['phase'],
  probe: string,
  names: readonly string[],
  broken: readonly string[] = [],
): NetworkMatrix {
  const cells: NetworkMatrix['cells'] = [];
  names.forEach((from, i) => {
    names.forEach((to, j) => {
      if (from === to) return;
      const bad = broken.includes(`${from}>${to}`);
      cells.push({
        from,
        to,
        ok: !bad,
        ...(probe === 'pod-ping' && !bad ? { rttMs: 0.3 + ((i + j) % 5) / 10 } : {}),
        ...(bad ? { detail: probe === 'pod-ping' ? '100% packet loss' : 'timed out' } : {}),
      });
    });
  });
  return { phase, probe, cells };
}
