import type { PortReachability } from '../../common/diagnosis/evidence/portBlocked';
import { parseProbe, PROBE_COMMAND } from '../../common/diagnosis/evidence/portProbe';
import type { Remote } from '../engine/remote';
import { readOnly } from './readOnly';

export interface ApiTarget {
  /** The control-plane node's name. */
  node: string;
  address: string;
  port: number;
}

/** One TCP connection to every API server target, from one node (all at once). */
export async function probeApi(
  from: string,
  remote: Remote,
  targets: readonly ApiTarget[],
  ms: number,
): Promise<PortReachability[]> {
  const outs = await Promise.all(
    targets.map((t) =>
      readOnly(remote, PROBE_COMMAND, ms, { KL_ADDR: t.address, KL_PORT: String(t.port) }),
    ),
  );
  return targets.map((t, i) => ({
    from,
    to: t.node,
    address: t.address,
    port: t.port,
    proto: 'tcp',
    result: parseProbe(outs[i] ?? ''),
  }));
}

/** How a probe reads as evidence text, one line per attempt (classified like any log). */
export function reachabilityText(probes: readonly PortReachability[]): string {
  return probes
    .map((p) => `${p.from} -> ${p.address}:${p.port}/${p.proto} (${p.to}): ${p.result}`)
    .join('\n');
}
