/** Parsers for the network matrix scripts' line output (listen, connect, collect, stop). */

export type Proto = 'tcp' | 'udp';

export interface ListenOutput {
  dir: string | undefined;
  tool: string;
  /** Per `proto/port`: a listener of ours (pid), something already listening, or skipped. */
  ports: Map<
    string,
    { state: 'listen'; pid: number } | { state: 'busy' } | { state: 'skip'; why: string }
  >;
}

export const portKey = (proto: Proto, port: number): string => `${port}/${proto}`;

export function parseListen(out: string): ListenOutput {
  const result: ListenOutput = { dir: undefined, tool: 'none', ports: new Map() };
  for (const line of out.split('\n')) {
    const f = line.trim().split(' ');
    const [kind, a, b, ...rest] = f;
    if (kind === 'dir' && a) result.dir = a;
    else if (kind === 'tool' && a) result.tool = a;
    else if (
      (kind === 'listen' || kind === 'busy' || kind === 'skip') &&
      (a === 'tcp' || a === 'udp') &&
      b
    ) {
      const key = portKey(a, Number(b));
      if (kind === 'listen') result.ports.set(key, { state: 'listen', pid: Number(rest[0]) });
      else if (kind === 'busy') result.ports.set(key, { state: 'busy' });
      else result.ports.set(key, { state: 'skip', why: rest.join(' ') });
    }
  }
  return result;
}

export type TcpState = 'ok' | 'open' | 'refused' | 'timeout' | 'error';

export interface ConnectOutput {
  tcp: Array<{ to: string; port: number; state: TcpState; detail: string }>;
  udpSent: Array<{ to: string; port: number }>;
  mtu: Array<{ to: string; interfaceMtu: number; pathMtu: number; detail: string }>;
}

const TCP_STATES = new Set<string>(['ok', 'open', 'refused', 'timeout', 'error']);

export function parseConnect(out: string): ConnectOutput {
  const result: ConnectOutput = { tcp: [], udpSent: [], mtu: [] };
  for (const line of out.split('\n')) {
    const [kind, to, a, b, ...rest] = line.trim().split(' ');
    if (!to) continue;
    if (kind === 'tcp' && a && b && TCP_STATES.has(b)) {
      result.tcp.push({ to, port: Number(a), state: b as TcpState, detail: rest.join(' ') });
    } else if (kind === 'udp' && a && b === 'sent') {
      result.udpSent.push({ to, port: Number(a) });
    } else if (kind === 'mtu' && a && b) {
      result.mtu.push({ to, interfaceMtu: Number(a), pathMtu: Number(b), detail: rest.join(' ') });
    }
  }
  return result;
}

/** collect.sh: `udp <port> <from>` → port → the sources heard from. */
export function parseCollect(out: string): Map<number, Set<string>> {
  const heard = new Map<number, Set<string>>();
  for (const line of out.split('\n')) {
    const [kind, port, from] = line.trim().split(' ');
    if (kind !== 'udp' || !port || !from) continue;
    const set = heard.get(Number(port)) ?? new Set<string>();
    set.add(from);
    heard.set(Number(port), set);
  }
  return heard;
}

/** stop.sh: the listener pids confirmed gone and any left running. */
export function parseStop(out: string): { gone: number[]; left: number[] } {
  const gone: number[] = [];
  const left: number[] = [];
  for (const line of out.split('\n')) {
    const [kind, pid] = line.trim().split(' ');
    if (kind === 'gone' && pid) gone.push(Number(pid));
    if (kind === 'left' && pid) left.push(Number(pid));
  }
  return { gone, left };
}
