import { renderFix } from '../../common/diagnosis/fixes';
import type { FixPreview } from '../../common/model/diagnosis';
import type { CheckResult, PreflightFacts } from '../../common/model/preflight';
import type { NetworkMatrix } from '../../common/model/verification';
import type { MatrixCell, MatrixRun, MtuCell } from './matrix';

/**
 * Pairwise results for the topology's edges. `nodeIds` is `[from, to]` for every network result,
 * and a fix offered on one runs on `to` (the node whose firewall drops the traffic).
 */
export const NETWORK_CHECK = 'network-ports';
export const MTU_CHECK = 'path-mtu';

const label = (c: Pick<MatrixCell, 'port' | 'proto'>): string => `${c.port}/${c.proto}`;

/**
 * Opens exactly the failing ports on the target, with the firewall it runs: firewalld, ufw, or
 * plain iptables (an ACCEPT ahead of whatever DROP is there; `-C` first so a re-run adds nothing).
 */
export function openPortsFix(
  cells: readonly MatrixCell[],
  target: PreflightFacts | undefined,
): FixPreview {
  const ports = [...new Set(cells.map(label))];
  const fw = target?.firewall;
  if (fw?.firewalld === 'active')
    return renderFix('firewalld-open-ports', { ports: ports.join(',') });
  if (fw?.ufw === 'active') return renderFix('ufw-open-ports', { ports: ports.join(',') });
  return {
    id: 'iptables-accept-ports',
    runsOn: 'failed-node',
    destructive: false,
    commands: cells
      .filter((c, i, all) => all.findIndex((x) => label(x) === label(c)) === i)
      .map((c) => {
        const rule = `INPUT -p ${c.proto} --dport ${c.port} -j ACCEPT`;
        return `iptables -C ${rule} 2>/dev/null || iptables -I ${rule}`;
      }),
    missingParams: [],
  };
}

/** A worker that cannot reach 10250 elsewhere only loses logs/exec; the rest stops the cluster. */
function severityOf(cells: readonly MatrixCell[]): 'block' | 'warn' {
  return cells.some((c) => c.port !== 10250) ? 'block' : 'warn';
}

/**
 * `openedByInstall(to)`: kubelab's prepare-os step opens the cluster's ports in `to`'s firewall
 * (the plan's firewall policy is open-ports or disable and `to` runs firewalld or ufw): a port it
 * drops now is then a warning that says so, not a block — as fixedByInstall does for node checks.
 */
export function networkResults(
  run: MatrixRun,
  facts: ReadonlyMap<string, PreflightFacts>,
  openedByInstall: (to: string) => boolean = () => false,
): CheckResult[] {
  const results: CheckResult[] = [];
  const pairs = new Map<string, MatrixCell[]>();
  for (const c of run.cells) {
    const k = `${c.from}\u0000${c.to}`;
    pairs.set(k, [...(pairs.get(k) ?? []), c]);
  }
  for (const cells of pairs.values()) {
    const { from, to } = cells[0] as MatrixCell;
    const evidence = cells
      .map(
        (c) =>
          `${label(c)}: ${c.ok === undefined ? 'not tested' : c.ok ? 'ok' : c.state} (${c.detail}${c.listener ? `; listener: ${c.listener}` : ''})`,
      )
      .join('; ');
    const bad = cells.filter((c) => c.ok === false);
    const base = { checkId: NETWORK_CHECK, nodeIds: [from, to], evidence };
    if (bad.length > 0) {
      const ports = bad.map(label).join(', ');
      const message = {
        en: `${from} cannot reach ${to} on ${ports}. Something on the way (usually ${to}'s firewall) drops it; kubelab can open exactly these ports on ${to}.`,
        zh: `${from} 无法访问 ${to} 的 ${ports}。途中有设备（通常是 ${to} 的防火墙）丢弃了流量；kubelab 可以在 ${to} 上只开放这些端口。`,
      };
      const byInstall = openedByInstall(to);
      results.push({
        ...base,
        status: 'fail',
        severity: byInstall ? 'warn' : severityOf(bad),
        message: byInstall
          ? {
              en: `${message.en} kubelab's prepare-os step will do this.`,
              zh: `${message.zh}kubelab 的 prepare-os 步骤会处理此项。`,
            }
          : message,
        fix: openPortsFix(bad, facts.get(to)),
        ...(byInstall ? { fixedBy: 'prepare-os' } : {}),
      });
    } else if (cells.every((c) => c.ok === undefined)) {
      results.push({
        ...base,
        status: 'unknown',
        severity: 'block',
        message: {
          en: `Not checked: ${from} → ${to} could not be probed.`,
          zh: `未检查：无法探测 ${from} → ${to}。`,
        },
      });
    } else {
      results.push({
        ...base,
        status: 'pass',
        severity: 'block',
        message: {
          en: `${from} reaches ${to} on every port it needs.`,
          zh: `${from} 可以访问 ${to} 所需的全部端口。`,
        },
      });
    }
  }
  for (const m of run.mtu) results.push(mtuResult(m));
  for (const l of run.listeners) {
    if (l.removed) continue;
    results.push({
      checkId: 'matrix-cleanup',
      nodeIds: [l.nodeId],
      status: 'fail',
      severity: 'warn',
      message: {
        en: `Temporary listeners on ${l.nodeId} could not be confirmed gone; they stop by themselves within two minutes.`,
        zh: `无法确认 ${l.nodeId} 上的临时监听进程已退出；它们会在两分钟内自行退出。`,
      },
      evidence: l.error ?? `still running: ${l.left.join(', ')}`,
    });
  }
  return results;
}

function mtuResult(m: MtuCell): CheckResult {
  const base = { checkId: MTU_CHECK, nodeIds: [m.from, m.to], severity: 'warn' as const };
  const evidence = `interface MTU ${m.interfaceMtu}, path MTU ${m.pathMtu || 'unknown'}${m.detail ? ` (${m.detail})` : ''}`;
  if (m.pathMtu === 0) {
    return {
      ...base,
      status: 'unknown',
      evidence,
      message: {
        en: 'Not checked: the path MTU could not be measured.',
        zh: '未检查：无法测量路径 MTU。',
      },
    };
  }
  if (m.pathMtu < m.interfaceMtu) {
    return {
      ...base,
      status: 'fail',
      evidence,
      message: {
        en: `Full-size packets from ${m.from} to ${m.to} are dropped (path MTU ${m.pathMtu} < ${m.interfaceMtu}); pod traffic over VXLAN (50 bytes more) would stall on large transfers. Lower the interface MTU or fix the network path.`,
        zh: `${m.from} 到 ${m.to} 的满长度数据包被丢弃（路径 MTU ${m.pathMtu} < ${m.interfaceMtu}）；经 VXLAN（多 50 字节）的 Pod 流量在大数据传输时会卡住。请调低网卡 MTU 或修复网络路径。`,
      },
    };
  }
  return {
    ...base,
    status: 'pass',
    evidence,
    message: { en: 'Full-size packets get through.', zh: '满长度数据包可以通过。' },
  };
}

/** The matrices in the report's shape: one per port, tested cells only. */
export function matricesOf(run: MatrixRun): NetworkMatrix[] {
  const byProbe = new Map<string, NetworkMatrix>();
  for (const c of run.cells) {
    if (c.ok === undefined) continue;
    const probe = label(c);
    const m = byProbe.get(probe) ?? { phase: 'before-install', probe, cells: [] };
    m.cells.push({ from: c.from, to: c.to, ok: c.ok, ...(c.ok ? {} : { detail: c.detail }) });
    byProbe.set(probe, m);
  }
  return [...byProbe.values()];
}
