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
}
