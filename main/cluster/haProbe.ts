import type { HaEtcdMember } from '../../common/contracts/cluster';

/**
 * Parsers for scripts/ha-probe.sh (the live HA topology, issue 19). Real outputs they are tested
 * against: tests/fixtures/real/etcd/member-list-two-3.4.23.txt, endpoint-status-cluster-*.
 */

/** The probe's `@@name` sections. */
export function probeSections(stdout: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^@@(\w+)$/.exec(line.trim());
    if (m?.[1]) {
      if (name) sections.set(name, lines.join('\n').trim());
      name = m[1];
      lines = [];
    } else if (name) lines.push(line);
  }
  return sections;
}

/** Shared with the failover test's holder probe (main/steps/ha-vip-holder.ts). */
export { holdsVip } from '../../common/plan/ha/failover';

/**
 * The /livez probe: curl's body then ` exit=<code>`. The API server answers "ok" when live
 * (https://kubernetes.io/docs/reference/using-api/health-checks/); anything else is named.
 */
export function parseLivez(text: string | undefined): {
  livez: 'ok' | 'failed' | 'unknown';
  detail: string;
} {
  if (text === undefined) return { livez: 'unknown', detail: 'not asked' };
  const m = /^(.*?)\s*exit=(\d+)$/s.exec(text.trim());
  const body = (m?.[1] ?? text).trim();
  const exit = Number(m?.[2] ?? -1);
  if (exit === 0 && body === 'ok') return { livez: 'ok', detail: 'ok' };
  const detail = body ? body.split('\n').slice(-3).join(' ') : `curl exit ${exit}`;
  return { livez: 'failed', detail: detail.slice(0, 300) };
}

export interface MemberListEntry {
  id: string;
  status: string;
  name: string;
  peerUrls: string[];
  clientUrls: string[];
}

/**
 * `etcdctl member list` in its simple form: `<hex id>, <status>, <name>, <peer urls>, <client
 * urls>, <is learner>` (etcd 3.4 etcdctl/ctlv3/command/printer_simple.go). Lines that are not
 * members (errors) are skipped; see memberListError.
 */
export function parseMemberList(text: string): MemberListEntry[] {
  const members: MemberListEntry[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(', ');
    if (cols.length < 6 || !/^[0-9a-f]+$/.test(cols[0] ?? '')) continue;
    const [id = '', status = '', name = '', peers = '', clients = ''] = cols;
    const urls = (s: string): string[] => s.split(',').filter(Boolean);
    members.push({ id, status, name, peerUrls: urls(peers), clientUrls: urls(clients) });
  }
  return members;
}

/** The last line of a member list that yielded no members (etcdctl's error), if any. */
export function memberListError(text: string): string | undefined {
  if (parseMemberList(text).length > 0) return undefined;
  const last = text.trim().split('\n').pop()?.trim();
  return last || 'etcdctl printed nothing';
}

export interface EndpointStatus {
  endpoint: string;
  /** Hex member ID (as member list prints it). */
  memberId: string;
  /** Hex ID of the leader this member sees; undefined when it has none. */
  leader?: string;
  dbSize?: number;
  version?: string;
  errors: string[];
}

/**
 * `etcdctl endpoint status --cluster -w json` (with stderr: retry warnings and "Failed to get the
 * status of endpoint …" lines come first). member_id and leader are uint64 beyond a JavaScript
 * number's precision, so they are quoted before JSON.parse and turned into member list's hex.
 */
export function parseEndpointStatus(text: string): EndpointStatus[] {
  const json = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('[{'));
  if (!json) return [];
  const quoted = json.replace(/"(member_id|leader|cluster_id)":(\d+)/g, '"$1":"$2"');
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoted);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const hex = (v: unknown): string | undefined =>
    typeof v === 'string' && /^\d+$/.test(v) && v !== '0' ? BigInt(v).toString(16) : undefined;
  return parsed.flatMap((entry: unknown): EndpointStatus[] => {
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as { Endpoint?: unknown; Status?: Record<string, unknown> };
    const status = e.Status ?? {};
    const header = (status.header ?? {}) as Record<string, unknown>;
    const memberId = hex(header.member_id);
    if (typeof e.Endpoint !== 'string' || !memberId) return [];
    return [
      {
        endpoint: e.Endpoint,
        memberId,
        leader: hex(status.leader),
        dbSize: typeof status.dbSize === 'number' ? status.dbSize : undefined,
        version: typeof status.version === 'string' ? status.version : undefined,
        errors: Array.isArray(status.errors) ? status.errors.map(String) : [],
      },
    ];
  });
}

/**
 * The members with their status: a member answered when its endpoint's status came back; the
 * leader is the one the answering members name (none when they name none: no quorum).
 */
export function etcdMembers(
  list: readonly MemberListEntry[],
  statuses: readonly EndpointStatus[],
): HaEtcdMember[] {
  const leaders = new Set(
    statuses.map((s) => s.leader).filter((l): l is string => l !== undefined),
  );
  return list.map((m) => {
    const status = statuses.find((s) => s.memberId === m.id);
    return {
      id: m.id,
      name: m.name,
      clientUrl: m.clientUrls[0] ?? '',
      answered: status !== undefined,
      leader: leaders.size === 1 && leaders.has(m.id),
      dbSize: status?.dbSize,
      version: status?.version,
    };
  });
}

/**
 * kube-vip's leader: spec.holderIdentity of the Lease kube-system/plndr-cp-lock (coordination.k8s.io/v1
 * Lease, https://kubernetes.io/docs/concepts/architecture/leases/); undefined when it could not be read.
 */
export function parseLeaseHolder(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const lease = JSON.parse(text) as { spec?: { holderIdentity?: unknown } };
    const holder = lease.spec?.holderIdentity;
    return typeof holder === 'string' && holder !== '' ? holder : undefined;
  } catch {
    return undefined;
  }
}
