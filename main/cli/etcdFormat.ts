import type { BackupProgress, SnapshotList } from '../../common/contracts/etcd';

/** Bytes as a person reads them: 20480 → "20.0 KiB". */
export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

const PHASE_TEXT: Record<BackupProgress['phase'], string> = {
  snapshot: 'taking the snapshot (etcdctl snapshot save)',
  status: 'checking it (snapshot status, SHA-256)',
  download: 'downloading',
  verify: 'verifying the download (size, SHA-256)',
  done: 'done',
};

/** One progress line of `kubelab etcd backup`. */
export function progressLine(p: BackupProgress): string {
  if (p.phase !== 'download') return PHASE_TEXT[p.phase];
  const pct = p.total > 0 ? Math.floor((p.bytes / p.total) * 100) : 0;
  return `downloading ${humanBytes(p.bytes)} / ${humanBytes(p.total)} (${pct}%)`;
}

/** `kubelab etcd list`: one snapshot per line, newest last. */
export function formatSnapshotList(list: SnapshotList): string {
  if (list.snapshots.length === 0)
    return `no snapshots${list.folder ? ` in ${list.folder}` : ''}\n`;
  const rows = list.snapshots.map(
    (s) =>
      `${s.time}  rev ${String(s.revision).padStart(8)}  ${humanBytes(s.size).padStart(10)}  k8s ${s.kubernetesVersion}  etcd ${s.etcdVersion}  ${s.node}  ${s.file}  sha256:${s.sha256}`,
  );
  return `${rows.join('\n')}\n${list.snapshots.length} snapshot(s) in ${list.folder ?? '?'}\n`;
}
