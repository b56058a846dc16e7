import { execFile } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../common/model/facts';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import { guideReportInput } from '../../common/report/testing/guideFixture';
import { syntheticFacts } from '../../common/report/testing/syntheticFacts';
import type { ExecOptions, Remote } from '../engine/remote';
import { SCRIPTS } from './scripts';
import { parseVipProbe, vipAnswers, vipInUseResult } from './vipInUse';
import { noTransfers } from '../../tests/fakes/noTransfers';

// scripts/vip.sh output captured on this Debian development host (run by hand as root): a free
// address on its /24 (the kernel's ARP request unanswered: `No route to host`, neighbour FAILED)
// and its gateway (answers ping, RSTs 6443, ARP). ARP_ONLY is written after them.
const FREE = [
  'ping silent 2 packets transmitted, 0 received, 100% packet loss, time 1049ms',
  'tcp 6443 error 192.0.2.200: connect: No route to host 192.0.2.200: line 1: /dev/tcp/192.0.2.200/6443: No route to host ',
  'neigh none FAILED',
  '@@KL:end',
].join('\n');
const TAKEN = [
  'ping replied 64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.355 ms',
  'tcp 6443 refused connection refused',
  'neigh 02:fc:00:00:00:05 REACHABLE',
  '@@KL:end',
].join('\n');
/** A host that drops ICMP and TCP but, as every host on the segment must, answers ARP. */
const ARP_ONLY = [
  'ping silent 2 packets transmitted, 0 received, 100% packet loss, time 1010ms',
  'tcp 6443 timeout no answer in 3 s',
  'neigh 52:54:00:aa:bb:cc REACHABLE',
  '@@KL:end',
].join('\n');

const guide = guideReportInput('en');
const nodes: NodeSpec[] = guide.project.nodes.map((n, i) =>
  i < 3 ? { ...n, role: 'control-plane' } : n,
);
const [first, second] = nodes as [NodeSpec, NodeSpec];
const plan: ClusterPlan = {
  ...guide.project.plan,
  topology: 'stacked-etcd',
  controlPlaneEndpoint: '192.0.2.200:8443',
  loadBalancer: {
    kind: 'haproxy-keepalived',
    vip: '192.0.2.200',
    interface: 'eth0',
    virtualRouterId: 51,
  },
};

function remoteAnswering(stdout: string, seen: ExecOptions[] = []): Remote {
  return {
    nodeId: first.id,
    exec: (script, o) => {
      expect(script).toBe(SCRIPTS.vip);
      if (o) seen.push(o);
      return Promise.resolve({ code: 0, stdout, stderr: '' });
    },
    startDetached: () => Promise.reject(new Error('no')),
    followDetached: () => Promise.reject(new Error('no')),
    upload: () => Promise.reject(new Error('no')),
    ...noTransfers,
    download: () => Promise.reject(new Error('no')),
  };
}

/** `holder`'s facts with the VIP on eth0 (MAC `mac`), as keepalived or kube-vip add it. */
function factsHolding(holder: NodeSpec, mac: string): Map<string, HostFacts> {
  const f = syntheticFacts(holder);
  const eth0 = {
    name: 'eth0',
    mac,
    state: 'UP',
    addresses: [{ family: 'inet' as const, address: '192.0.2.200', prefix: 32 }],
  };
  return new Map([[holder.id, { ...f, interfaces: [eth0, ...f.interfaces] }]]);
}

describe('parsing scripts/vip.sh', () => {
  it('finds no answer for a free address, every answer for a taken one', () => {
    expect(vipAnswers(parseVipProbe(FREE))).toEqual([]);
    expect(vipAnswers(parseVipProbe(TAKEN))).toEqual([
      'ping: 64 bytes from 192.0.2.1: icmp_seq=1 ttl=64 time=0.355 ms',
      'tcp 6443: connection refused',
      'arp: answered by 02:fc:00:00:00:05',
    ]);
    expect(vipAnswers(parseVipProbe(ARP_ONLY))).toEqual(['arp: answered by 52:54:00:aa:bb:cc']);
  });
});

describe('the VIP preflight check', () => {
  it('passes a free VIP, probing the bind port and the endpoint port', async () => {
    const seen: ExecOptions[] = [];
    const r = await vipInUseResult(plan, first, remoteAnswering(FREE, seen), nodes, new Map());
    expect(r).toMatchObject({ checkId: 'vip-free', status: 'pass', severity: 'block' });
    expect(seen[0]?.env).toEqual({ KL_VIP: '192.0.2.200', KL_PORTS: '6443 8443' });
    expect(seen[0]?.root).toBe(true);
  });

  it('blocks a VIP another machine answers, naming the address and the field to change', async () => {
    const r = await vipInUseResult(plan, first, remoteAnswering(ARP_ONLY), nodes, new Map());
    expect(r?.status).toBe('fail');
    expect(r?.nodeIds).toEqual([first.id]);
    expect(r?.message.en).toContain('The VIP 192.0.2.200 is already answered');
    expect(r?.message.en).toContain('loadBalancer.vip');
    expect(r?.message.zh).toContain('VIP 192.0.2.200 已被网络中的其他机器应答');
    expect(r?.evidence).toBe('arp: answered by 52:54:00:aa:bb:cc');
  });

  it('passes the cluster’s own VIP on a re-run, unless the ARP answer is another MAC', async () => {
    const own = await vipInUseResult(
      plan,
      first,
      remoteAnswering(ARP_ONLY),
      nodes,
      factsHolding(second, '52:54:00:AA:BB:CC'),
    );
    expect(own?.status).toBe('pass');
    expect(own?.message.en).toContain(`held by ${second.name}`);
    const stranger = await vipInUseResult(
      plan,
      first,
      remoteAnswering(ARP_ONLY),
      nodes,
      factsHolding(second, '52:54:00:00:00:01'),
    );
    expect(stranger?.status).toBe('fail');
  });

  it('is not run behind an external load balancer; says "unknown" when the probe breaks', async () => {
    const external = { ...plan, loadBalancer: { kind: 'external' as const } };
    expect(await vipInUseResult(external, first, remoteAnswering(TAKEN), nodes, new Map())).toBe(
      undefined,
    );
    const broken = await vipInUseResult(
      plan,
      first,
      remoteAnswering('ping silent'),
      nodes,
      new Map(),
    );
    expect(broken?.status).toBe('unknown');
  });
});

const execFileAsync = promisify(execFile);
const listen = (): Promise<Server> =>
  new Promise((resolve) => {
    const s = createServer((c) => c.end());
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
const portOf = (s: Server): number => (s.address() as AddressInfo).port;

describe('scripts/vip.sh on this machine', () => {
  it('sees a listening port as open and a closed one as refused', async () => {
    const open = await listen();
    const closed = await listen();
    const closedPort = portOf(closed);
    await new Promise((r) => closed.close(r));
    try {
      const { stdout } = await execFileAsync('bash', ['-c', SCRIPTS.vip], {
        env: { ...process.env, KL_VIP: '127.0.0.1', KL_PORTS: `${portOf(open)} ${closedPort}` },
      });
      const probe = parseVipProbe(stdout);
      expect(probe.tcp).toEqual([
        { port: portOf(open), state: 'open', detail: 'connected' },
        { port: closedPort, state: 'refused', detail: 'connection refused' },
      ]);
      expect(stdout).toContain('@@KL:end');
    } finally {
      await new Promise((r) => open.close(r));
    }
  });
});
