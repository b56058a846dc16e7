import type { ConnectionTest } from '../../common/contracts/nodes';
import type { AppErrorData } from '../../common/model/appError';
import type { HostFacts } from '../../common/model/facts';
import type { NodeSpec } from '../../common/model/node';
import { keyLabel } from '../ssh/hostKey';

/** Text output of `kubelab nodes …`; pure, so the unit tests read exactly what a person sees. */

/** Left-aligned columns separated by two spaces, like kubectl's tables. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((row) =>
      row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n')
    .concat('\n');
}

const endpoint = (n: { address: string; port: number }): string =>
  n.address.includes(':') ? `[${n.address}]:${n.port}` : `${n.address}:${n.port}`;

export function formatNodeList(nodes: NodeSpec[]): string {
  if (nodes.length === 0) return 'No nodes yet: add one with `kubelab nodes add` or `import`.\n';
  const rows = [['ID', 'NAME', 'ADDRESS', 'USER', 'AUTH', 'ROLE', 'HOST KEY']];
  for (const n of nodes) {
    const auth = n.auth === 'key' && n.keyPath ? `key ${n.keyPath}` : n.auth;
    const via = n.jumpHost ? ` via ${n.jumpHost}` : '';
    const key = n.hostKey ? `${keyLabel(n.hostKey.algorithm)} ${n.hostKey.fingerprint}` : '-';
    rows.push([n.id, n.name, endpoint(n) + via, n.user, auth, n.role, key]);
  }
  return table(rows);
}

const SUDO_OK = new Set<ConnectionTest['sudo']>(['root', 'nopasswd', 'password']);

/** Whether a node passed every step of `kubelab nodes test`. */
export function testPassed(t: ConnectionTest): boolean {
  const keyOk = t.hostKey.state === 'pinned' || t.hostKey.state === 'accepted';
  return t.reachable && t.authOk && keyOk && SUDO_OK.has(t.sudo) && !t.error;
}

function hostKeyCell(t: ConnectionTest): string {
  const k = t.hostKey;
  if (k.state === 'pinned') return 'pinned';
  if (k.state === 'accepted') return 'pinned (new)';
  if (k.state === 'changed') return 'CHANGED';
  if (k.state === 'unknown') return 'not trusted';
  return '-';
}

function sudoCell(t: ConnectionTest): string {
  if (SUDO_OK.has(t.sudo)) return `ok (${t.sudo})`;
  if (t.sudo === 'not_checked') return '-';
  return t.sudo.replace(/_/g, ' ');
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/** One row per node (reachable / auth / host key / sudo), then each failure's message. */
export function formatTests(tests: ConnectionTest[], nodes: NodeSpec[]): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rows = [['NODE', 'ADDRESS', 'REACHABLE', 'AUTH', 'HOST KEY', 'SUDO', 'LATENCY']];
  for (const t of tests) {
    const n = byId.get(t.nodeId);
    rows.push([
      t.nodeId,
      n ? endpoint(n) : '',
      yesNo(t.reachable),
      // Auth is "failed" only when it was tried: a refused host key stops before it.
      t.authOk
        ? 'ok'
        : t.error?.code === 'auth_failed'
          ? 'failed'
          : t.error?.code === 'credentials_missing'
            ? 'no password'
            : '-',
      hostKeyCell(t),
      sudoCell(t),
      t.latencyMs === undefined ? '-' : `${t.latencyMs} ms`,
    ]);
  }
  const notes = tests
    .filter((t) => t.error)
    .map(
      (t) => `\n${t.nodeId}: ${(t.error as AppErrorData).code}\n${indent(t.error?.message ?? '')}`,
    );
  const fingerprints = tests
    .filter((t) => t.hostKey.fingerprint)
    .map((t) => `${t.nodeId}: ${keyLabel(t.hostKey.algorithm ?? '')} ${t.hostKey.fingerprint}`);
  const passed = tests.filter(testPassed).length;
  return (
    table(rows) +
    (fingerprints.length ? `\nhost keys:\n${indent(fingerprints.join('\n'))}\n` : '') +
    notes.join('\n') +
    (notes.length ? '\n' : '') +
    `\n${passed} of ${tests.length} node(s) ready.\n`
  );
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

const GiB = 1024 ** 3;
const size = (bytes: number): string =>
  bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;

/** A readable summary of one node's facts (`--json` prints them whole). */
export function formatFacts(f: HostFacts): string {
  const route = f.defaultRoute
    ? `${f.defaultRoute.iface}${f.defaultRoute.gateway ? ` via ${f.defaultRoute.gateway}` : ''}`
    : 'none';
  const ifaces = f.interfaces
    .filter((i) => i.name !== 'lo')
    .map(
      (i) =>
        `${i.name} ${i.mac ?? ''} ${i.state} ${i.addresses.map((a) => `${a.address}/${a.prefix}`).join(' ')}`,
    );
  const swap = f.swap.active.length ? `on (${f.swap.active.map((s) => s.name).join(', ')})` : 'off';
  const fw = f.firewall;
  const bins = f.binaries.map((b) => (b.version ? `${b.name} ${b.version}` : b.name));
  const offset = `${f.clockOffsetMs >= 0 ? '+' : ''}${Math.round(f.clockOffsetMs)} ms`;
  const lines = [
    `${f.nodeId}: ${f.os.prettyName} (${f.os.id} ${f.os.version}), kernel ${f.kernel}, ${f.arch}`,
    `hostname ${f.hostname}, ${f.cpus} CPU(s), ${size(f.memoryBytes)} memory, disks ${f.disks.map((d) => `${d.name} ${size(d.sizeBytes)}`).join(', ') || 'none'}`,
    `machine-id ${f.machineId ?? '?'}, product_uuid ${f.productUuid ?? '?'}`,
    `default route ${route}`,
    ...ifaces.map((i) => `interface ${i.replace(/\s+/g, ' ').trim()}`),
    `swap ${swap}${f.swap.fstab.length ? `, in fstab: ${f.swap.fstab.join(', ')}` : ', not in fstab'}`,
    `SELinux ${f.selinux}; firewalld ${fw.firewalld}, ufw ${fw.ufw}, iptables FORWARD ${fw.iptablesForwardPolicy ?? '?'}`,
    `cgroup ${f.cgroup}; ${bins.length ? bins.join(', ') : 'no container runtime or Kubernetes binaries'}`,
    `clock offset ${offset}; sudo ${f.sudo.mode}${f.sudo.error ? ` (${f.sudo.error})` : ''}`,
  ];
  return lines[0] + '\n' + indent(lines.slice(1).join('\n')) + '\n';
}

export function formatFactsError(nodeId: string, e: AppErrorData): string {
  return `${nodeId}: ${e.code}\n${indent(e.message)}\n`;
}
