/**
 * What `etcdctl snapshot status` (etcd ≤ 3.5) and `etcdutl snapshot status` (etcd ≥ 3.5) say
 * about a snapshot file. Both print the same `snapshot.Status` struct:
 * - `-w json`: `{"hash":…,"revision":…,"totalKey":…,"totalSize":…}` — etcdctl/ctlv3/command/
 *   printer_json.go (v3.4) marshals it with those json tags; etcdutl 3.5+ adds `"version"`
 *   (etcdutl/snapshot/v3_snapshot.go, v3.5.0). JSON is what kubelab asks for: exact numbers.
 * - `-w table`: HASH (hex) | REVISION | TOTAL KEYS | TOTAL SIZE (humanised, "2.1 MB"), as in
 *   https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/ and
 *   etcd PR #5041; read for a user-pasted table, the size only as text.
 */
export interface SnapshotStatus {
  /** etcd's own hash of the snapshot's contents (uint32). */
  hash: number;
  /** The store revision the snapshot was taken at. */
  revision: number;
  totalKeys: number;
  /** Bytes in JSON; absent when only the table's humanised size is known. */
  totalSize?: number;
  /** The table's humanised size ("20 kB"). */
  totalSizeText?: string;
  /** etcdutl 3.5+ only: the storage version. */
  version?: string;
}

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The JSON line in the tool's output (etcdctl 3.5 prints a deprecation line to stderr, some
 * wrappers merge it; any non-JSON line is skipped). Undefined when there is none or a field is
 * missing — the caller says what the tool printed.
 */
export function parseSnapshotStatusJson(output: string): SnapshotStatus | undefined {
  for (const line of output.split('\n')) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof data !== 'object' || data === null) continue;
    const d = data as Record<string, unknown>;
    if (!isCount(d.hash) || !isCount(d.revision) || !isCount(d.totalKey) || !isCount(d.totalSize))
      continue;
    const status: SnapshotStatus = {
      hash: d.hash,
      revision: d.revision,
      totalKeys: d.totalKey,
      totalSize: d.totalSize,
    };
    if (typeof d.version === 'string') status.version = d.version;
    return status;
  }
  return undefined;
}

/** The first data row of the `-w table` form (see the header comment), else undefined. */
export function parseSnapshotStatusTable(output: string): SnapshotStatus | undefined {
  const rows = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, l.endsWith('|') ? -1 : undefined)
        .split('|')
        .map((c) => c.trim()),
    );
  const header = rows.findIndex((r) => r[0] === 'HASH' && r[1] === 'REVISION');
  const row = header >= 0 ? rows[header + 1] : undefined;
  if (!row || row.length < 4) return undefined;
  const [hash, revision, keys, size] = row as [string, string, string, string];
  if (!/^[0-9a-f]{1,8}$/.test(hash) || !/^\d+$/.test(revision) || !/^\d+$/.test(keys))
    return undefined;
  return {
    hash: Number.parseInt(hash, 16),
    revision: Number(revision),
    totalKeys: Number(keys),
    totalSizeText: size,
  };
}

/**
 * Which tool reads a snapshot's status for a member of this etcd version. etcdutl took over the
 * offline snapshot commands in 3.5 (etcdctl's are deprecated there, CHANGELOG-3.5) and etcdctl's
 * were removed in 3.6 (CHANGELOG-3.6: "Removed etcdctl snapshot status/restore"); kubeadm's
 * "Operating etcd clusters" page uses `etcdutl snapshot status`. Undefined: no tool can.
 */
export function statusTool(
  etcdVersion: string,
  hasEtcdutl: boolean,
): 'etcdutl' | 'etcdctl' | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(etcdVersion);
  const minor = m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
  if (minor >= 3005 && hasEtcdutl) return 'etcdutl';
  if (minor >= 3006) return undefined;
  return 'etcdctl';
}

/**
 * The member's version from `etcdctl endpoint status -w json`, a JSON array of
 * `{"Endpoint":…,"Status":{"header":…,"version":"3.4.23","dbSize":…}}` (etcdctl/ctlv3/command/
 * printer_json.go EndpointStatus marshals the StatusResponse; output of Debian's etcdctl 3.4.23:
 * tests/fixtures/real/etcd/endpoint-status-3.4.23.json).
 */
export function parseEndpointVersion(output: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(output.trim());
  } catch {
    return undefined;
  }
  if (!Array.isArray(data)) return undefined;
  const first: unknown = data[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const status = (first as { Status?: unknown }).Status;
  if (typeof status !== 'object' || status === null) return undefined;
  const version = (status as { version?: unknown }).version;
  return typeof version === 'string' && /^\d+\.\d+\.\d+/.test(version) ? version : undefined;
}
