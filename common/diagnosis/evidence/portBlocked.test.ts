import { describe, expect, it } from 'vitest';
import { portBlockedDiagnosis, PROVEN_CAUSE_SCORE, type PortReachability } from './portBlocked';
import { parseProbe } from './portProbe';

const RULE = '-A INPUT -p tcp -m tcp --dport 6443 -j DROP';
const IPTABLES = { node: 'master1', tool: 'iptables' as const, source: 'iptables -S INPUT' };
const probe = (from: string, result: PortReachability['result']): PortReachability => ({
  from,
  to: 'master1',
  address: '172.31.231.11',
  port: 6443,
  proto: 'tcp',
  result,
});

describe('portBlockedDiagnosis', () => {
  it('names the port, the node and a runnable fix when a rule and failed connections agree', () => {
    const d = portBlockedDiagnosis(
      'master1',
      [probe('master1', 'timeout'), probe('node1', 'timeout')],
      [{ ...IPTABLES, text: `-P INPUT ACCEPT\n${RULE}` }],
    );
    expect(d?.title.en).toBe('Port 6443/tcp blocked by the firewall on master1');
    expect(d?.title.zh).toBe('master1 上的防火墙阻断了 6443/tcp 端口');
    expect(d?.kind).toBe('cause');
    expect(d?.score).toBe(PROVEN_CAUSE_SCORE);
    expect(d?.evidence).toEqual({ line: 2, text: RULE });
    expect(d?.explanation.en).toContain('node1 → 172.31.231.11:6443 timed out');
    expect(d?.source).toBe('iptables -S INPUT on master1');
    expect(d?.fix.preview).toMatchObject({ id: 'iptables-accept-port', runsOn: 'failed-node' });
    expect(d?.fix.preview?.commands).toEqual([
      'iptables -C INPUT -p tcp --dport 6443 -j ACCEPT 2>/dev/null || iptables -I INPUT -p tcp --dport 6443 -j ACCEPT',
    ]);
    expect(d?.fix.preview?.missingParams).toEqual([]);
  });

  it('runs the fix on the control plane when a worker failed reaching it', () => {
    const d = portBlockedDiagnosis(
      'node1',
      [probe('node1', 'timeout')],
      [{ ...IPTABLES, text: RULE }],
    );
    expect(d?.fix.preview?.runsOn).toBe('control-plane');
  });

  it('proves nothing from a rule alone or a failed connection alone', () => {
    const fw = [{ ...IPTABLES, text: RULE }];
    expect(portBlockedDiagnosis('master1', [probe('node1', 'open')], fw)).toBeUndefined();
    expect(
      portBlockedDiagnosis(
        'master1',
        [probe('node1', 'timeout')],
        [{ ...IPTABLES, text: '-P INPUT ACCEPT' }],
      ),
    ).toBeUndefined();
  });
});

describe('parseProbe', () => {
  it('reads the exit code the probe echoes', () => {
    expect(parseProbe('kubelab-probe-exit=0\n')).toBe('open');
    expect(parseProbe('kubelab-probe-exit=124\n')).toBe('timeout');
    expect(
      parseProbe(
        'bash: connect: Connection refused\nbash: line 1: /dev/tcp/10.0.0.1/6443: Connection refused\nkubelab-probe-exit=1\n',
      ),
    ).toBe('refused');
    expect(parseProbe('')).toBe('unknown');
  });
});
