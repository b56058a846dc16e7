/**
 * This computer's side of the backup-etcd operation's download (the etcd-download step): what the
 * node measured (KL_<NAME> lines of etcd-download.sh's check), the snapshot streamed into the
 * snapshots folder (Remote.downloadFile: resumable, never whole in memory) and checked against
 * it, then recorded in the folder's index. A download that does not match is deleted and not
 * recorded (checkDownload).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseEndpointVersion,
  parseSnapshotStatusJson,
  type SnapshotStatus,
} from '../../common/etcd/snapshotStatus';
import { snapshotFileName, type SnapshotEntry } from '../../common/etcd/snapshotIndex';
import { AppError } from '../../common/model/appError';
import { markers } from './backupScripts';
import { checkDownload } from './backupService';
import { readSnapshotIndex, recordSnapshot } from './snapshotStore';

/** What the node says about its snapshot. */
export interface NodeSnapshotFacts {
  status: SnapshotStatus;
  etcdVersion: string;
  sha256: string;
  size: number;
  taken: Date;
}

/** The facts from etcd-download.sh's check output; a missing or malformed one is an error. */
export function parseNodeSnapshotFacts(stdout: string, nodeId: string): NodeSnapshotFacts {
  const m = markers(stdout);
  const status = parseSnapshotStatusJson(m.get('STATUS') ?? '');
  const size = Number(m.get('SIZE'));
  const sha256 = m.get('SHA256') ?? '';
  const taken = new Date(m.get('TAKEN') ?? '');
  if (!status || !Number.isSafeInteger(size) || !/^[0-9a-f]{64}$/.test(sha256) || !taken.getTime())
    throw new AppError({
      code: 'snapshot_unreadable',
      nodeId,
      message: `The node's snapshot facts are incomplete (status, size, SHA-256, time): ${stdout.slice(0, 400)}`,
    });
  return {
    status,
    etcdVersion: parseEndpointVersion(m.get('ENDPOINT') ?? '') ?? 'unknown',
    sha256,
    size,
    taken,
  };
}

export interface DownloadedSnapshot {
  folder: string;
  runId: string;
  nodeId: string;
  kubernetesVersion: string;
  facts: NodeSnapshotFacts;
  /**
   * Streams the node's snapshot to `dest`; the file appears there only complete and with the
   * node's SHA-256 (a partial beside it is continued by the next try).
   */
  fetch(dest: string): Promise<void>;
}

/** This run's entry in the folder's index, if it was recorded already (a resumed run). */
export async function recordedByRun(
  folder: string,
  runId: string,
): Promise<SnapshotEntry | undefined> {
  return (await readSnapshotIndex(folder)).snapshots.find((s) => s.runId === runId);
}

/**
 * Streams the snapshot to its final name, checks size and SHA-256 against what the node measured
 * and records it. Idempotent per run: a run already recorded is returned.
 */
export async function keepDownloadedSnapshot(d: DownloadedSnapshot): Promise<SnapshotEntry> {
  const known = await recordedByRun(d.folder, d.runId);
  if (known) return known;
  await mkdir(d.folder, { recursive: true, mode: 0o700 });
  const file = snapshotFileName(d.facts.taken, d.facts.status.revision);
  const local = join(d.folder, file);
  await d.fetch(local);
  await checkDownload(local, { size: d.facts.size, sha256: d.facts.sha256 });
  const entry: SnapshotEntry = {
    file,
    time: d.facts.taken.toISOString(),
    revision: d.facts.status.revision,
    totalKeys: d.facts.status.totalKeys,
    size: d.facts.size,
    sha256: d.facts.sha256,
    etcdHash: d.facts.status.hash,
    kubernetesVersion: d.kubernetesVersion,
    etcdVersion: d.facts.etcdVersion,
    node: d.nodeId,
    runId: d.runId,
  };
  await recordSnapshot(d.folder, entry).catch(async (err: unknown) => {
    await rm(local, { force: true });
    throw err;
  });
  return entry;
}
