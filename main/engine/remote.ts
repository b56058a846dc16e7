/**
 * What the engine needs from a node, and all it may use: the SSH layer implements this, the
 * engine's unit tests script a fake of it. Every command that changes the node goes through here.
 */

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Environment for the command; values are quoted by the implementation, never spliced. */
  env?: Record<string, string>;
  /** Bytes for the command's stdin. */
  stdin?: string | Buffer;
  /** Run as root (through sudo for a non-root user, the password on stdin, never argv). */
  root?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

/** Where a detached run lives on the node: /var/lib/kubelab/runs/<runId>/<stepId>/. */
export interface DetachedRef {
  runId: string;
  stepId: string;
}

export interface DetachedStatus {
  /** Bytes of log read so far (pass back as `offset` to resume). */
  offset: number;
  /** Exit code once the run has finished, else undefined. */
  exitCode: number | undefined;
}

/** Bytes moved so far of a file transfer (downloadFile/uploadFile). */
export interface TransferProgress {
  transferred: number;
  total: number;
}

/** Shares one bandwidth budget between transfers (a push to many nodes under one cap). */
export interface RateLimiter {
  /** Resolves when `bytes` may be sent; rejects when `signal` aborts first. */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

export interface TransferOptions {
  onProgress?: (p: TransferProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadOptions extends TransferOptions {
  /** Continue the partial (`<localPath>.part`) from this byte; default: the partial's size. */
  resumeFrom?: number;
}

export interface UploadOptions extends TransferOptions {
  /** Continue the node's partial of an earlier, interrupted upload (default true). */
  resume?: boolean;
  /** Bytes per second, or a limiter shared with other transfers. */
  bandwidthLimit?: number | RateLimiter;
  /** The final file's mode (default 0644). */
  mode?: number;
  /** The local file's SHA-256 when already known (a push hashes it once for every node). */
  localSha256?: string;
}

export interface TransferResult {
  /** The file's size. */
  bytes: number;
  /** Its SHA-256, the same on both ends (checked before the file got its final name). */
  sha256: string;
  /** Where this transfer started: above 0 when it continued a partial. */
  resumedFrom: number;
}

export interface Remote {
  readonly nodeId: string;
  /** Runs a command (a bash command line) and waits for it. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /**
   * Starts `script` (bash source) with `env` detached from the SSH session (systemd-run where
   * present, else setsid nohup), logging to the run dir. Starting the same ref twice is refused by
   * the node side, so a retry after a dropped link never runs a step twice.
   */
  startDetached(ref: DetachedRef, script: string, env: Record<string, string>): Promise<void>;
  /**
   * Streams the run's log from `offset` until it exits (or `signal` aborts), calling `onData` with
   * each new chunk. Reconnects on a dropped link and resumes at the last offset.
   */
  followDetached(
    ref: DetachedRef,
    offset: number,
    onData: (chunk: string) => void,
    signal?: AbortSignal,
  ): Promise<DetachedStatus>;
  upload(path: string, content: string | Buffer, mode?: number): Promise<void>;
  download(path: string): Promise<Buffer>;
  /**
   * Streams a node's file to a local path (memory stays flat for any size): into
   * `<localPath>.part`, continued from an earlier partial, SHA-256 checked on both ends
   * (`sha256sum` on the node), renamed to `localPath` only when they match. A mismatch deletes
   * the partial; a cancel or a dropped link keeps it for the next try.
   */
  downloadFile(
    remotePath: string,
    localPath: string,
    options?: DownloadOptions,
  ): Promise<TransferResult>;
  /** The other way, the partial on the node; the node checks the SHA-256 before the rename. */
  uploadFile(
    localPath: string,
    remotePath: string,
    options?: UploadOptions,
  ): Promise<TransferResult>;
}
