/**
 * Reads a node's firewall state (what the failure evidence collects) and answers one question:
 * does it drop or reject new connections to a port? Pure, so the parsers are tested on text.
 */

export type Proto = 'tcp' | 'udp';

export interface PortVerdict {
  /** `blocked`: a rule (or the policy) drops/rejects it; `open`: accepted; `unknown`: cannot tell. */
  verdict: 'blocked' | 'open' | 'unknown';
  /** The firewall that decided, and the line of its output that says so (1-based). */
  tool?: 'iptables' | 'firewalld';
  line?: number;
  text?: string;
}

interface Rule {
  line: number;
  text: string;
  proto?: string;
  ports?: readonly [number, number][];
  target?: string;
  /** A source, interface or connection-state match: the rule is not about every new connection. */
  conditional: boolean;
}

const flag = (words: readonly string[], name: string): string | undefined => {
  const i = words.indexOf(name);
  return i >= 0 ? words[i + 1] : undefined;
};

/** `6443`, `2379:2380`, `6443,10250` (multiport) as ranges. */
function portRanges(spec: string | undefined): [number, number][] | undefined {
  if (spec === undefined) return undefined;
  return spec.split(',').map((p) => {
    const [a = '', b] = p.split(':');
    return [Number(a), Number(b ?? a)];
  });
}

/**
 * `iptables -S INPUT`: the policy line `-P INPUT ACCEPT` and one `-A INPUT …` line per rule, in
 * iptables-save syntax (iptables(8), "-S, --list-rules": "Print all rules in the selected chain
 * … like iptables-save"); e.g. the rule `iptables -I INPUT -p tcp --dport 6443 -j DROP` lists as
 * `-A INPUT -p tcp -m tcp --dport 6443 -j DROP`.
 */
export function iptablesVerdict(text: string, port: number, proto: Proto): PortVerdict {
  const lines = text.split('\n');
  let policy: { line: number; text: string; target: string } | undefined;
  const rules: Rule[] = [];
  lines.forEach((raw, i) => {
    const words = raw.trim().split(/\s+/);
    if (words[0] === '-P' && words[1] === 'INPUT' && words[2])
      policy = { line: i + 1, text: raw.trim(), target: words[2] };
    if (words[0] !== '-A' || words[1] !== 'INPUT') return;
    rules.push({
      line: i + 1,
      text: raw.trim(),
      proto: flag(words, '-p'),
      ports: portRanges(flag(words, '--dport') ?? flag(words, '--dports')),
      target: flag(words, '-j'),
      conditional: ['-s', '-i', '--ctstate', '--state', '!'].some((w) => words.includes(w)),
    });
  });
  if (!policy && rules.length === 0) return { verdict: 'unknown' };
  for (const r of rules) {
    if (r.conditional) continue;
    if (r.proto !== undefined && r.proto !== proto) continue;
    if (r.ports && !r.ports.some(([a, b]) => port >= a && port <= b)) continue;
    if (r.target === 'DROP' || r.target === 'REJECT')
      return { verdict: 'blocked', tool: 'iptables', line: r.line, text: r.text };
    if (r.target === 'ACCEPT') return { verdict: 'open', tool: 'iptables' };
    // A jump to another chain (KUBE-FIREWALL, a fail2ban chain): not followed, so not judged.
    return { verdict: 'unknown' };
  }
  if (policy && (policy.target === 'DROP' || policy.target === 'REJECT'))
    return { verdict: 'blocked', tool: 'iptables', line: policy.line, text: policy.text };
  return { verdict: 'open', tool: 'iptables' };
}

/**
 * firewalld, from `firewall-cmd --state; firewall-cmd --list-ports; firewall-cmd --list-services`
 * (firewall-cmd(1): --state prints "running" or "not running"; --list-ports prints the zone's
 * ports space-separated as port[-port]/protocol). A running firewalld rejects what its zone does
 * not allow; a Kubernetes port opened through a service (kube-apiserver, …) is not judged.
 */
export function firewalldVerdict(text: string, port: number, proto: Proto): PortVerdict {
  const lines = text.split('\n');
  const state = lines.findIndex((l) => l.trim() === 'running');
  if (state < 0) return { verdict: 'unknown' };
  const ports = lines[state + 1] ?? '';
  const services = lines[state + 2] ?? '';
  const listed = ports
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .some((p) => {
      const [range = '', pr] = p.split('/');
      const [a = '', b] = range.split('-');
      return pr === proto && port >= Number(a) && port <= Number(b ?? a);
    });
  if (listed) return { verdict: 'open', tool: 'firewalld' };
  if (/kube|etcd/.test(services)) return { verdict: 'unknown' };
  return {
    verdict: 'blocked',
    tool: 'firewalld',
    line: state + 1,
    text: `firewalld running; allowed ports: ${ports.trim() || '(none)'}`,
  };
}
