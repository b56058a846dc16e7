import type { NodeRole } from '../../common/model/node';
import type { Remote } from '../engine/remote';
import {
  parseCollect,
  parseConnect,
  parseListen,
  parseStop,
  portKey,
  type ListenOutput,
  type Proto,
} from './matrixParser';
import { SCRIPTS } from './scripts';

export interface MatrixNode {
  nodeId: string;
  address: string;
  role: NodeRole;
}

export interface MatrixPlan {
  bindPort: number;
  cni: 'flannel' | 'calico';
}

export interface PortProbe {
  port: number;
  proto: Proto;
}

/**
 * One probe of one port from one node to another. `ok: undefined` means it could not be tested
 * (no listener tool on the target, or the port is taken by something we cannot talk to).
 */
export interface MatrixCell {
  from: string;
  to: string;
  port: number;
  proto: Proto;
  ok: boolean | undefined;
  state: string;
  detail: string;
  /** How the target listened: `socat`, `python3`, `nc`, `existing` (already listening). */
  listener: string;
}

export interface MtuCell {
  from: string;
  to: string;
  interfaceMtu: number;
  /** 0: could not be measured. */
  pathMtu: number;
  detail: string;
}

export interface ListenerCleanup {
  nodeId: string;
  tool: string;
  started: number;
  /** Every listener we started is confirmed gone. */
  removed: boolean;
  left: number[];
  error?: string;
}

export interface MatrixRun {
  cells: MatrixCell[];
  mtu: MtuCell[];
  listeners: ListenerCleanup[];
}

/** Flannel's VXLAN; Calico's BGP. */
function cniPorts(cni: MatrixPlan['cni']): PortProbe[] {
  return cni === 'calico' ? [{ port: 179, proto: 'tcp' }] : [{ port: 8472, proto: 'udp' }];
}

/**
 * What `from` must reach on `to`: the API server on control planes, every kubelet, etcd only
 * between control planes (a worker reaching etcd is not needed, and not wanted), and the CNI's
 * overlay port between every pair.
 */
export function portsBetween(from: MatrixNode, to: MatrixNode, plan: MatrixPlan): PortProbe[] {
  const ports: PortProbe[] = [];
  if (to.role === 'control-plane') ports.push({ port: plan.bindPort, proto: 'tcp' });
  ports.push({ port: 10250, proto: 'tcp' });
  if (to.role === 'control-plane' && from.role === 'control-plane') {
    ports.push({ port: 2379, proto: 'tcp' }, { port: 2380, proto: 'tcp' });
  }
  return [...ports, ...cniPorts(plan.cni)];
}

export interface MatrixOptions {
  /** Listener tools in order of preference (tests force the fallbacks). */
  tools?: string[];
  /** Longest a listener may live on a node if kubelab never comes back to stop it. */
  listenerTtlSeconds?: number;
  signal?: AbortSignal;
}

async function onEach<T>(
  ids: string[],
  fn: (id: string) => Promise<T>,
): Promise<Map<string, T | Error>> {
  const out = new Map<string, T | Error>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        out.set(id, await fn(id));
      } catch (err) {
        out.set(id, err instanceof Error ? err : new Error(String(err)));
      }
    }),
  );
  return out;
}

const errText = (e: Error): string => e.message.split('\n')[0] ?? e.message;

/**
 * The pairwise network matrix: temporary listeners on every node, probes from every node to every
 * other at once, then the listeners are stopped by pid and checked gone. Four round trips per
 * node whatever the cluster size; a node that cannot be reached yields `unknown` cells, not a
 * failed run.
 */
export async function runNetworkMatrix(
  nodes: readonly MatrixNode[],
  plan: MatrixPlan,
  remote: (nodeId: string) => Remote,
  opts: MatrixOptions = {},
): Promise<MatrixRun> {
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const ids = nodes.map((n) => n.nodeId);
  const need = new Map<string, PortProbe[]>();
  for (const to of nodes) {
    const set = new Map<string, PortProbe>();
    for (const from of nodes) {
      if (from === to) continue;
      for (const p of portsBetween(from, to, plan)) set.set(portKey(p.proto, p.port), p);
    }
    need.set(to.nodeId, [...set.values()]);
  }
  const env = (id: string): Record<string, string> => {
    const ports = need.get(id) ?? [];
    return {
      KL_TCP: ports
        .filter((p) => p.proto === 'tcp')
        .map((p) => p.port)
        .join(' '),
      KL_UDP: ports
        .filter((p) => p.proto === 'udp')
        .map((p) => p.port)
        .join(' '),
      KL_TOOLS: (opts.tools ?? ['socat', 'python3', 'nc']).join(' '),
      KL_TTL: String(opts.listenerTtlSeconds ?? 120),
    };
  };
  const listens = await onEach(ids, async (id) => {
    const res = await remote(id).exec(SCRIPTS.listen, {
      env: env(id),
      root: true,
      timeoutMs: 30_000,
      signal: opts.signal,
    });
    const parsed = parseListen(res.stdout);
    if (!parsed.dir)
      throw new Error(`listeners did not start: ${res.stderr.trim() || `exit ${res.code}`}`);
    return parsed;
  });
  try {
    const connects = await onEach(ids, async (id) => {
      const from = byId.get(id) as MatrixNode;
      const targets = nodes
        .filter((t) => t.nodeId !== id)
        .map((t) => {
          const ports = portsBetween(from, t, plan);
          const list = (proto: Proto): string =>
            ports
              .filter((p) => p.proto === proto)
              .map((p) => p.port)
              .join(',') || '-';
          return `${t.nodeId} ${t.address} ${list('tcp')} ${list('udp')}`;
        })
        .join('\n');
      const res = await remote(id).exec(SCRIPTS.connect, {
        env: { KL_FROM: id, KL_TARGETS: targets },
        root: true,
        timeoutMs: 120_000,
        signal: opts.signal,
      });
      return parseConnect(res.stdout);
    });
    const heard = await onEach(ids, async (id) => {
      const l = listens.get(id);
      if (!l || l instanceof Error || !l.dir) return new Map<number, Set<string>>();
      const udp = (need.get(id) ?? []).filter((p) => p.proto === 'udp').map((p) => p.port);
      if (udp.length === 0) return new Map<number, Set<string>>();
      const res = await remote(id).exec(SCRIPTS.collect, {
        env: { KL_DIR: l.dir, KL_UDP: udp.join(' ') },
        root: true,
        timeoutMs: 30_000,
      });
      return parseCollect(res.stdout);
    });
    const cells: MatrixCell[] = [];
    const mtu: MatrixRun['mtu'] = [];
    for (const from of nodes) {
      const c = connects.get(from.nodeId);
      for (const to of nodes) {
        if (to === from) continue;
        const l = listens.get(to.nodeId);
        const h = heard.get(to.nodeId);
        for (const p of portsBetween(from, to, plan)) {
          cells.push(cell(from.nodeId, to.nodeId, p, c, l, h));
        }
        if (c && !(c instanceof Error)) {
          const m = c.mtu.find((x) => x.to === to.nodeId);
          if (m) {
            const { interfaceMtu, pathMtu, detail } = m;
            mtu.push({ from: from.nodeId, to: to.nodeId, interfaceMtu, pathMtu, detail });
          }
        }
      }
    }
    return { cells, mtu, listeners: await stopAll(ids, listens, remote) };
  } catch (err) {
    await stopAll(ids, listens, remote);
    throw err;
  }
}

type Connects = ReturnType<typeof parseConnect> | Error | undefined;

function cell(
  from: string,
  to: string,
  p: PortProbe,
  c: Connects,
  l: ListenOutput | Error | undefined,
  h: Map<number, Set<string>> | Error | undefined,
): MatrixCell {
  const base = { from, to, port: p.port, proto: p.proto };
  if (!c || c instanceof Error) {
    return {
      ...base,
      ok: undefined,
      state: 'unknown',
      detail: `${from} not probed: ${c ? errText(c) : 'no result'}`,
      listener: '',
    };
  }
  if (!l || l instanceof Error) {
    return {
      ...base,
      ok: undefined,
      state: 'unknown',
      detail: `no listeners on ${to}: ${l ? errText(l) : 'no result'}`,
      listener: '',
    };
  }
  const target = l.ports.get(portKey(p.proto, p.port));
  const listener = target?.state === 'busy' ? 'existing' : l.tool;
  if (target?.state === 'skip')
    return { ...base, ok: undefined, state: 'unknown', detail: target.why, listener };
  if (p.proto === 'udp') {
    if (target?.state === 'busy') {
      return {
        ...base,
        ok: undefined,
        state: 'unknown',
        detail: `${p.port}/udp is already in use on ${to} (an installed CNI?); the pod ping matrix covers it`,
        listener,
      };
    }
    if (!h || h instanceof Error)
      return {
        ...base,
        ok: undefined,
        state: 'unknown',
        detail: `could not read what ${to} received`,
        listener,
      };
    const got = h.get(p.port)?.has(from) ?? false;
    return {
      ...base,
      ok: got,
      state: got ? 'ok' : 'lost',
      detail: got ? 'datagram received' : `no datagram from ${from} arrived (dropped)`,
      listener,
    };
  }
  const t = c.tcp.find((x) => x.to === to && x.port === p.port);
  if (!t) return { ...base, ok: undefined, state: 'unknown', detail: 'no result', listener };
  const ok = t.state === 'ok' || t.state === 'open';
  return { ...base, ok, state: t.state, detail: t.detail || t.state, listener };
}

async function stopAll(
  ids: string[],
  listens: Map<string, ListenOutput | Error>,
  remote: (nodeId: string) => Remote,
): Promise<ListenerCleanup[]> {
  const out: ListenerCleanup[] = [];
  await Promise.all(
    ids.map(async (id) => {
      const l = listens.get(id);
      if (!l || l instanceof Error || !l.dir) {
        out.push({
          nodeId: id,
          tool: 'none',
          started: 0,
          removed: true,
          left: [],
          ...(l instanceof Error ? { error: errText(l) } : {}),
        });
        return;
      }
      const started = [...l.ports.values()].filter((p) => p.state === 'listen').length;
      try {
        const res = await remote(id).exec(SCRIPTS.stop, {
          env: { KL_DIR: l.dir },
          root: true,
          timeoutMs: 30_000,
        });
        const s = parseStop(res.stdout);
        out.push({
          nodeId: id,
          tool: l.tool,
          started,
          removed: s.left.length === 0 && s.gone.length === started,
          left: s.left,
        });
      } catch (err) {
        out.push({
          nodeId: id,
          tool: l.tool,
          started,
          removed: false,
          left: [],
          error: errText(err instanceof Error ? err : new Error(String(err))),
        });
      }
    }),
  );
  return out.sort((a, b) => ids.indexOf(a.nodeId) - ids.indexOf(b.nodeId));
}
