import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../common/model/appError';
import type {
  DetachedRef,
  DetachedStatus,
  DownloadOptions,
  ExecOptions,
  ExecResult,
  Remote,
  TransferResult,
  UploadOptions,
} from '../engine/remote';
import {
  ALREADY_STARTED,
  checkRef,
  FOLLOW_SCRIPT,
  runDir,
  START_SCRIPT,
  unitName,
} from './detached';
import { isTransient, mapCommandFailure, sshError } from './errors';
import { execCommand, type ExecContext } from './exec';
import type { Lease, SshPool } from './pool';
import { envLines } from './quote';
import { downloadFile, downloadStreaming, uploadFile, uploadStreaming } from './sftp';

export interface SshRemoteOptions extends ExecContext {
  /** How long followDetached keeps trying to get back to a node that went away. */
  reattachDeadlineMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** The engine's view of one node, over the shared connection pool (see engine/remote.ts). */
export class SshRemote implements Remote {
  constructor(
    readonly nodeId: string,
    private readonly pool: SshPool,
    private readonly opts: SshRemoteOptions,
  ) {}

  private async withLease<T>(fn: (lease: Lease) => Promise<T>): Promise<T> {
    const lease = await this.pool.acquire(this.nodeId);
    try {
      return await fn(lease);
    } finally {
      lease.release();
    }
  }

  exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    return this.withLease((lease) => execCommand(lease, this.opts, command, options));
  }

  private badRef(ref: DetachedRef): void {
    const field = checkRef(ref);
    if (field) {
      throw new AppError({
        code: 'invalid_payload',
        nodeId: this.nodeId,
        field,
        message: `${field} must be letters, digits, dot, dash or underscore.`,
      });
    }
  }

  async startDetached(
    ref: DetachedRef,
    script: string,
    env: Record<string, string>,
  ): Promise<void> {
    this.badRef(ref);
    const res = await this.exec(START_SCRIPT, {
      root: true,
      env: {
        KL_DIR: runDir(ref),
        KL_UNIT: unitName(ref),
        KL_SCRIPT: script,
        KL_ENVFILE: envLines(env),
      },
      timeoutMs: 60_000,
    });
    if (res.code === ALREADY_STARTED) {
      throw sshError(
        'already_started',
        this.nodeId,
        `${ref.runId}/${ref.stepId} was already started on this node; follow it instead of starting it again.`,
      );
    }
    if (res.code !== 0)
      throw mapCommandFailure(this.nodeId, `Starting ${ref.stepId}`, res.code, res.stderr);
  }

  async followDetached(
    ref: DetachedRef,
    offset: number,
    onData: (chunk: string) => void,
    signal?: AbortSignal,
  ): Promise<DetachedStatus> {
    this.badRef(ref);
    let off = offset;
    const decoder = new StringDecoder('utf8');
    const deadlineMs = this.opts.reattachDeadlineMs ?? 10 * 60_000;
    let lostAt: number | undefined;
    let attempt = 0;
    for (;;) {
      if (signal?.aborted) return { offset: off, exitCode: undefined };
      try {
        const res = await this.withLease((lease) =>
          execCommand(lease, this.opts, FOLLOW_SCRIPT, {
            root: true,
            env: { KL_DIR: runDir(ref), KL_OFFSET: String(off) },
            signal,
            onStdoutBytes: (b: Buffer) => {
              off += b.length;
              lostAt = undefined;
              attempt = 0;
              const s = decoder.write(b);
              if (s) onData(s);
            },
          }),
        );
        const exit = /KLEXIT (-?\d+)/.exec(res.stderr);
        if (exit?.[1] !== undefined) {
          const rest = decoder.end();
          if (rest) onData(rest);
          return { offset: off, exitCode: Number(exit[1]) };
        }
        if (/KLNORUN/.test(res.stderr)) {
          throw sshError(
            'no_such_run',
            this.nodeId,
            `No run ${ref.runId}/${ref.stepId} on this node.`,
          );
        }
        throw mapCommandFailure(this.nodeId, `Following ${ref.stepId}`, res.code, res.stderr);
      } catch (err) {
        if (err instanceof AppError && err.code === 'cancelled')
          return { offset: off, exitCode: undefined };
        if (!isTransient(err)) throw err;
        lostAt ??= Date.now();
        if (Date.now() - lostAt > deadlineMs) throw err;
        // The link went away: forget the dead connection and come back at the same byte offset.
        this.pool.disconnect(this.nodeId);
        await sleep(Math.min(250 * 2 ** attempt++, 5_000), signal);
        continue;
      }
    }
  }

  upload(path: string, content: string | Buffer, mode?: number): Promise<void> {
    return this.withLease((lease) =>
      uploadFile(lease, this.opts, path, Buffer.from(content), mode),
    );
  }

  download(path: string): Promise<Buffer> {
    return this.withLease((lease) => downloadFile(lease, this.opts, path));
  }

  downloadFile(
    remotePath: string,
    localPath: string,
    options?: DownloadOptions,
  ): Promise<TransferResult> {
    return this.withLease((lease) =>
      downloadStreaming(lease, this.opts, remotePath, localPath, options),
    );
  }

  uploadFile(
    localPath: string,
    remotePath: string,
    options?: UploadOptions,
  ): Promise<TransferResult> {
    return this.withLease((lease) =>
      uploadStreaming(lease, this.opts, localPath, remotePath, options),
    );
  }
}
