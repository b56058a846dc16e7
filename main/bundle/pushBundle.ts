import type { BundleManifest } from '../../common/bundle/manifest';
import type { NodePushResult, PushEvent } from '../../common/bundle/pushEvents';
import {
  NODE_BUNDLE_DIR,
  sha256sums,
  verifiedPaths,
  type NodeShipment,
} from '../../common/bundle/pushSelection';
import { AppError, toAppErrorData } from '../../common/model/appError';
import type { RateLimiter, Remote } from '../engine/remote';
import { TokenBucket } from '../ssh/transfer/rateLimiter';

export interface PushInput {
  manifest: BundleManifest;
  shipments: readonly NodeShipment[];
  /** Each entry's unpacked file on this computer, by bundle path (stageEntries). */
  localFiles: ReadonlyMap<string, string>;
  remoteFor(nodeId: string): Remote;
  /** Bytes per second for all nodes together. */
  bandwidthLimit?: number;
  /** Nodes receiving at the same time (default 10). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Per node, what the plan needs that the bundle lacks (reported, not sent: it is not there). */
  missing?: ReadonlyMap<string, readonly string[]>;
  onEvent(e: PushEvent): void;
}

/**
 * Prepares the node's bundle folder as root: the folders of every entry and SHA256SUMS (from
 * stdin); then `sha256sum -c` says which files are whole there already (a push that was
 * interrupted, or the same bundle pushed again). Its non-zero exit for missing files is expected
 * here, so the check's status is not the script's.
 */
const PREPARE = `set -e
mkdir -p -- "$KL_DIR"
cd -- "$KL_DIR"
cat > .SHA256SUMS.part
mv -f .SHA256SUMS.part SHA256SUMS
while read -r _ path; do mkdir -p -- "$(dirname -- "$path")"; done < SHA256SUMS
sha256sum -c SHA256SUMS 2>/dev/null || true`;

/**
 * manifest.json beside the files, from stdin: a manifest of many entries is larger than one
 * environment variable may be for the commands a script runs (Linux MAX_ARG_STRLEN, 128 KiB).
 */
const WRITE_MANIFEST = `set -e
cd -- "$KL_DIR"
cat > .manifest.json.part
mv -f .manifest.json.part manifest.json`;

/** The node checks every file of its share against the manifest's sums (GNU sha256sum -c). */
const VERIFY = 'cd -- "$KL_DIR" && sha256sum -c SHA256SUMS 2>&1';

function failed(nodeId: string, message: string): AppError {
  return new AppError({ code: 'bundle_push_failed', nodeId, message });
}

async function rootScript(
  remote: Remote,
  nodeId: string,
  script: string,
  stdin: string,
  signal?: AbortSignal,
): Promise<string> {
  const res = await remote.exec(script, {
    root: true,
    stdin,
    env: { KL_DIR: NODE_BUNDLE_DIR },
    signal,
    timeoutMs: 15 * 60_000,
  });
  if (res.code !== 0)
    throw failed(
      nodeId,
      `Preparing ${NODE_BUNDLE_DIR} on ${nodeId} failed (exit ${res.code}): ${res.stderr.slice(-400)}`,
    );
  return res.stdout;
}

/** The folder made, SHA256SUMS and the manifest written; the paths already whole there. */
async function prepare(
  remote: Remote,
  s: NodeShipment,
  manifest: BundleManifest,
  signal?: AbortSignal,
): Promise<Set<string>> {
  const checked = await rootScript(remote, s.nodeId, PREPARE, sha256sums(s.entries), signal);
  await rootScript(remote, s.nodeId, WRITE_MANIFEST, JSON.stringify(manifest), signal);
  return verifiedPaths(checked);
}

async function verify(remote: Remote, s: NodeShipment, signal?: AbortSignal): Promise<number> {
  const res = await remote.exec(VERIFY, {
    root: true,
    env: { KL_DIR: NODE_BUNDLE_DIR },
    signal,
    timeoutMs: 15 * 60_000,
  });
  const ok = verifiedPaths(res.stdout);
  const bad = s.entries.filter((e) => !ok.has(e.path));
  if (bad.length > 0)
    throw failed(
      s.nodeId,
      `sha256sum -c on ${s.nodeId} does not match the manifest for ${bad.map((e) => `${e.id} (${NODE_BUNDLE_DIR}/${e.path})`).join(', ')}`,
    );
  return ok.size;
}

async function pushOne(
  input: PushInput,
  s: NodeShipment,
  limiter: RateLimiter | undefined,
): Promise<NodePushResult> {
  const remote = input.remoteFor(s.nodeId);
  const { signal, onEvent } = input;
  const result: NodePushResult = {
    nodeId: s.nodeId,
    ok: false,
    family: s.family,
    arch: s.arch,
    release: s.release,
    artifacts: s.entries.length,
    bytes: s.bytes,
    sentBytes: 0,
    present: 0,
    resumed: 0,
    verified: 0,
    missing: [...(input.missing?.get(s.nodeId) ?? [])],
  };
  const node = { nodeId: s.nodeId, artifacts: s.entries.length, bytes: s.bytes };
  try {
    onEvent({ kind: 'node', ...node, state: 'checking', present: 0 });
    const whole = await prepare(remote, s, input.manifest, signal);
    const missing = s.entries.filter((e) => !whole.has(e.path));
    result.present = s.entries.length - missing.length;
    let done = s.bytes - missing.reduce((n, e) => n + e.bytes, 0);
    onEvent({ kind: 'node', ...node, state: 'sending', present: result.present });
    for (const e of missing) {
      onEvent({ kind: 'artifact', nodeId: s.nodeId, id: e.id, state: 'sending', resumedFrom: 0 });
      const local = input.localFiles.get(e.path);
      if (!local) throw failed(s.nodeId, `${e.id} was not unpacked from the bundle`);
      const sent = await remote.uploadFile(local, `${NODE_BUNDLE_DIR}/${e.path}`, {
        localSha256: e.sha256,
        bandwidthLimit: limiter,
        signal,
        onProgress: (p) =>
          onEvent({
            kind: 'progress',
            nodeId: s.nodeId,
            id: e.id,
            done: done + p.transferred,
            total: s.bytes,
          }),
      });
      done += e.bytes;
      result.sentBytes += e.bytes - sent.resumedFrom;
      if (sent.resumedFrom > 0) result.resumed++;
      onEvent({
        kind: 'artifact',
        nodeId: s.nodeId,
        id: e.id,
        state: 'sent',
        resumedFrom: sent.resumedFrom,
      });
    }
    onEvent({ kind: 'node', ...node, state: 'verifying', present: result.present });
    result.verified = await verify(remote, s, signal);
    result.ok = true;
  } catch (err) {
    if (signal?.aborted) throw err;
    const data = toAppErrorData(err);
    result.error = { ...data, nodeId: data.nodeId ?? s.nodeId };
  }
  onEvent({
    kind: 'node-done',
    nodeId: s.nodeId,
    ok: result.ok,
    verified: result.verified,
    ...(result.error ? { error: result.error } : {}),
  });
  return result;
}

/**
 * Sends every node its share of the bundle over SFTP (Remote.uploadFile: resumable partials, the
 * node's sha256sum before the rename), `concurrency` nodes at a time under one shared bandwidth
 * cap; files whole on a node already are not sent. A node that fails does not stop the others;
 * a cancel stops all and throws (the partials stay on the nodes for the next push).
 */
export async function pushBundle(input: PushInput): Promise<NodePushResult[]> {
  const limiter =
    input.bandwidthLimit === undefined ? undefined : new TokenBucket(input.bandwidthLimit);
  const out = new Array<NodePushResult>(input.shipments.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < input.shipments.length) {
      const index = next++;
      out[index] = await pushOne(input, input.shipments[index] as NodeShipment, limiter);
    }
  };
  const width = Math.max(1, Math.min(input.concurrency ?? 10, input.shipments.length));
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}
