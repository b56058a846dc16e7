import { describe, expect, it } from 'vitest';
import type { ExecOptions, ExecResult, Remote } from '../engine/remote';
import { portsBetween, runNetworkMatrix, type MatrixNode } from './matrix';
import { parseConnect, parseListen } from './matrixParser';
import { matricesOf, networkResults } from './networkResults';
import { SCRIPTS } from './scripts';
import { noTransfers } from '../../tests/fakes/noTransfers';

const cp: MatrixNode = { nodeId: 'master1', address: '10.0.0.11', role: 'control-plane' };
const w1: MatrixNode = { nodeId: 'node1', address: '10.0.0.12', role: 'worker' };
const w2: MatrixNode = { nodeId: 'node2', address: '10.0.0.13', role: 'worker' };
const plan = { bindPort: 6443, cni: 'flannel' as const };

describe('portsBetween', () => {
  it('asks etcd only between control planes, the API only on control planes', () => {
    expect(portsBetween(w1, cp, plan).map((p) => `${p.port}/${p.proto}`)).toEqual([
      '6443/tcp',
      '10250/tcp',
      '8472/udp',
    ]);
    expect(portsBetween(cp, w1, plan).map((p) => `${p.port}/${p.proto}`)).toEqual([
      '10250/tcp',
      '8472/udp',
    ]);
    const cp2 = { ...cp, nodeId: 'master2' };
    expect(portsBetween(cp2, cp, plan).map((p) => p.port)).toEqual([6443, 10250, 2379, 2380, 8472]);
  });
});

describe('parsers', () => {
  it('reads listen.sh and connect.sh lines (captured on the lab)', () => {
    const l = parseListen(
      'dir /tmp/kubelab-pf.2dcw6XSQ\ntool socat\nlisten tcp 6443 2385\nbusy tcp 22\nlisten udp 8472 2411\nskip udp 9 no udp listener tool\n',
    );
    expect(l.dir).toBe('/tmp/kubelab-pf.2dcw6XSQ');
    expect(l.ports.get('6443/tcp')).toEqual({ state: 'listen', pid: 2385 });
    expect(l.ports.get('22/tcp')).toEqual({ state: 'busy' });
    expect(l.ports.get('9/udp')).toEqual({ state: 'skip', why: 'no udp listener tool' });
    const c = parseConnect(
      'udp master1 8472 sent\ntcp master1 6443 ok\ntcp master1 22 open connected (not our listener)\ntcp master1 9999 refused connection refused\nmtu master1 1500 1500\n',
    );
    expect(c.tcp.map((t) => t.state)).toEqual(['ok', 'open', 'refused']);
    expect(c.udpSent).toEqual([{ to: 'master1', port: 8472 }]);
    expect(c.mtu).toEqual([{ to: 'master1', interfaceMtu: 1500, pathMtu: 1500, detail: '' }]);
  });
});

/** A scripted network: node2 drops 8472/udp from everyone, master1 drops 6443/tcp. */
function fakeRemote(id: string, calls: string[]): Remote {
  const node = { master1: cp, node1: w1, node2: w2 }[id] as MatrixNode;
  const exec = async (script: string, o?: ExecOptions): Promise<ExecResult> => {
    const env = o?.env ?? {};
    const ok = (stdout: string): ExecResult => ({ code: 0, stdout, stderr: '' });
    if (script === SCRIPTS.listen) {
      calls.push(`listen ${id}`);
      const lines = ['dir /tmp/kubelab-pf.abc', 'tool socat'];
      let pid = 100;
      for (const p of (env.KL_TCP ?? '').split(' ').filter(Boolean))
        lines.push(`listen tcp ${p} ${pid++}`);
      for (const p of (env.KL_UDP ?? '').split(' ').filter(Boolean))
        lines.push(`listen udp ${p} ${pid++}`);
      return ok(lines.join('\n'));
    }
    if (script === SCRIPTS.connect) {
      const out: string[] = [];
      for (const line of (env.KL_TARGETS ?? '').split('\n')) {
        const [to, , tcp, udp] = line.split(' ');
        for (const p of (tcp ?? '').split(',').filter((x) => x !== '-')) {
          out.push(
            to === 'master1' && p === '6443'
              ? `tcp ${to} ${p} timeout no answer in 3 s (dropped)`
              : `tcp ${to} ${p} ok`,
          );
        }
        for (const p of (udp ?? '').split(',').filter((x) => x !== '-'))
          out.push(`udp ${to} ${p} sent`);
        out.push(`mtu ${to} 1500 1500`);
      }
      return ok(out.join('\n'));
    }
    if (script === SCRIPTS.collect) {
      if (node.nodeId === 'node2') return ok('');
      return ok(
        ['master1', 'node1', 'node2']
          .filter((n) => n !== id)
          .map((n) => `udp 8472 ${n}`)
          .join('\n'),
      );
    }
    if (script === SCRIPTS.stop) {
      calls.push(`stop ${id}`);
      return ok('gone 100\ngone 101\ngone 102\n');
    }
    throw new Error('unexpected script');
  };
  return {
    nodeId: id,
    exec,
    startDetached: () => Promise.reject(new Error('no')),
    followDetached: () => Promise.reject(new Error('no')),
    upload: () => Promise.reject(new Error('no')),
    ...noTransfers,
    download: () => Promise.reject(new Error('no')),
  };
}

describe('runNetworkMatrix', () => {
  it('finds exactly the dropped pairs, offers to open them on the target, removes listeners', async () => {
    const calls: string[] = [];
    const run = await runNetworkMatrix([cp, w1, w2], plan, (id) => fakeRemote(id, calls));
    expect(calls.filter((c) => c.startsWith('stop')).sort()).toEqual([
      'stop master1',
      'stop node1',
      'stop node2',
    ]);
    const facts = new Map([['master1', { nodeId: 'master1' }]]);
    const results = networkResults(run, facts).filter((r) => r.checkId === 'network-ports');
    const failing = results
      .filter((r) => r.status === 'fail')
      .map((r) => `${r.nodeIds.join('→')} ${r.severity}`);
    expect(failing.sort()).toEqual([
      'master1→node2 block',
      'node1→master1 block',
      'node1→node2 block',
      'node2→master1 block',
    ]);
    // A firewall kubelab's prepare-os opens (plan: open-ports) only warns, and says so.
    const opened = networkResults(run, facts, (to) => to === 'master1').filter(
      (r) => r.checkId === 'network-ports' && r.status === 'fail',
    );
    expect(
      opened.map((r) => `${r.nodeIds.join('→')} ${r.severity} ${r.fixedBy ?? '-'}`).sort(),
    ).toEqual([
      'master1→node2 block -',
      'node1→master1 warn prepare-os',
      'node1→node2 block -',
      'node2→master1 warn prepare-os',
    ]);
    const toMaster = results.find((r) => r.nodeIds.join() === 'node1,master1');
    expect(toMaster?.fix?.commands).toEqual([
      'iptables -C INPUT -p tcp --dport 6443 -j ACCEPT 2>/dev/null || iptables -I INPUT -p tcp --dport 6443 -j ACCEPT',
    ]);
    const udp = matricesOf(run).find((m) => m.probe === '8472/udp');
    expect(
      udp?.cells
        .filter((c) => !c.ok)
        .map((c) => `${c.from}→${c.to}`)
        .sort(),
    ).toEqual(['master1→node2', 'node1→node2']);
  });
});
