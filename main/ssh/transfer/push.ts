import type { Remote, TransferProgress, TransferResult } from '../../engine/remote';
import { sha256OfFile } from './localSide';
import { TokenBucket } from './rateLimiter';

export interface PushOptions {
  /** Nodes receiving at the same time (default 10). */
  concurrency?: number;
  /** Bytes per second for all nodes together (one shared bucket), not each. */
  bandwidthLimit?: number;
  onProgress?: (nodeId: string, p: TransferProgress) => void;
  signal?: AbortSignal;
  /** The file's mode on the nodes (default 0644). */
  mode?: number;
}

export type PushOutcome =
  | { nodeId: string; ok: true; result: TransferResult }
  | { nodeId: string; ok: false; error: unknown };

/**
 * One local file to the same path on many nodes (an air-gapped bundle, issue 22): each node
 * over its own SFTP session with Remote.uploadFile (resumable, checked by the node's sha256sum,
 * renamed only when it matches), `concurrency` nodes at a time under one bandwidth cap. The
 * file is hashed once here; a node that fails does not stop the others: every node's outcome
 * is returned, in the order given.
 */
export async function pushFile(
  remotes: readonly Remote[],
  localPath: string,
  remotePath: string,
  o: PushOptions = {},
): Promise<PushOutcome[]> {
  const localSha256 = await sha256OfFile(localPath, o.signal);
  const limiter = o.bandwidthLimit === undefined ? undefined : new TokenBucket(o.bandwidthLimit);
  const outcomes: PushOutcome[] = new Array<PushOutcome>(remotes.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < remotes.length) {
      const index = next++;
      const remote = remotes[index] as Remote;
      outcomes[index] = await remote
        .uploadFile(localPath, remotePath, {
          localSha256,
          bandwidthLimit: limiter,
          signal: o.signal,
          mode: o.mode,
          onProgress: (p) => o.onProgress?.(remote.nodeId, p),
        })
        .then(
          (result): PushOutcome => ({ nodeId: remote.nodeId, ok: true, result }),
          (error: unknown): PushOutcome => ({ nodeId: remote.nodeId, ok: false, error }),
        );
    }
  };
  const width = Math.max(1, Math.min(o.concurrency ?? 10, remotes.length));
  await Promise.all(Array.from({ length: width }, worker));
  return outcomes;
}
