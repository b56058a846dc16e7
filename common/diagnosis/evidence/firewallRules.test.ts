import { describe, expect, it } from 'vitest';
import { firewalldVerdict, iptablesVerdict } from './firewallRules';

// `iptables -S INPUT` after `iptables -I INPUT -p tcp --dport 6443 -j DROP`, as printed on the
// practice lab's master1 (real iptables 1.8 in a network namespace).
const DROPPED = '-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 6443 -j DROP\n';

describe('iptablesVerdict', () => {
  it('finds the rule that drops the port, with its line', () => {
    expect(iptablesVerdict(DROPPED, 6443, 'tcp')).toEqual({
      verdict: 'blocked',
      tool: 'iptables',
      line: 2,
      text: '-A INPUT -p tcp -m tcp --dport 6443 -j DROP',
    });
  });

  it('lets other ports, the other protocol and an earlier ACCEPT through', () => {
    expect(iptablesVerdict(DROPPED, 10250, 'tcp').verdict).toBe('open');
    expect(iptablesVerdict(DROPPED, 6443, 'udp').verdict).toBe('open');
    const accepted = `-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 6443 -j ACCEPT\n${DROPPED.split('\n')[1]}`;
    expect(iptablesVerdict(accepted, 6443, 'tcp').verdict).toBe('open');
  });

  it('reads REJECT, port ranges, multiport lists and a DROP policy', () => {
    const text = [
      '-P INPUT DROP',
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -p tcp -m multiport --dports 2379:2380,10250 -j REJECT --reject-with icmp-port-unreachable',
    ].join('\n');
    expect(iptablesVerdict(text, 2380, 'tcp')).toMatchObject({ verdict: 'blocked', line: 4 });
    expect(iptablesVerdict(text, 10250, 'tcp')).toMatchObject({ verdict: 'blocked', line: 4 });
    expect(iptablesVerdict(text, 22, 'tcp').verdict).toBe('open');
    expect(iptablesVerdict(text, 6443, 'tcp')).toMatchObject({ verdict: 'blocked', line: 1 });
  });

  it('does not judge a jump to another chain or a node without iptables', () => {
    expect(iptablesVerdict('-P INPUT ACCEPT\n-A INPUT -j KUBE-FIREWALL', 6443, 'tcp').verdict).toBe(
      'unknown',
    );
    expect(iptablesVerdict('', 6443, 'tcp').verdict).toBe('unknown');
  });
});

describe('firewalldVerdict', () => {
  it('blocks a port the running zone does not list, opens a listed one', () => {
    const text = 'running\n22/tcp 2379-2380/tcp\ncockpit dhcpv6-client ssh\n';
    expect(firewalldVerdict(text, 6443, 'tcp')).toMatchObject({ verdict: 'blocked', line: 1 });
    expect(firewalldVerdict(text, 2380, 'tcp').verdict).toBe('open');
  });

  it('does not judge a stopped firewalld or a zone with a Kubernetes service', () => {
    expect(firewalldVerdict('not running\n', 6443, 'tcp').verdict).toBe('unknown');
    expect(firewalldVerdict('running\n\nkube-apiserver ssh\n', 6443, 'tcp').verdict).toBe(
      'unknown',
    );
  });
});
