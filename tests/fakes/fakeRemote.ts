import { AppError } from '../../common/model/appError';
import type { NodeSpec } from '../../common/model/node';
import type {
  DetachedRef,
  DetachedStatus,
  DownloadOptions,
  ExecOptions,
  ExecResult,
  Remote,
  TransferResult,
  UploadOptions,
} from '../../main/engine/remote';
import { localSide } from '../../main/ssh/transfer/localSide';
import { limiterOf } from '../../main/ssh/transfer/rateLimiter';
import { transferFile } from '../../main/ssh/transfer/transferFile';
import { MemorySide } from './memorySide';

/**
 * A scripted Remote for hermetic tests: commands are answered by rules (first match wins),
 * every call is recorded, detached runs write their log over time on the "node" (which outlives a
 * runner, like a real node outlives a crashed back end), and links can be dropped on demand.
 */

export interface FakeCall {
  kind: 'exec' | 'startDetached' | 'followDetached' | 'upload' | 'download';
  nodeId: string;
  /** The script or command (exec, startDetached), or the path (upload, download). */
  command: string;
  env: Record<string, string>;
  /** `<runId>/<stepId>` for detached calls. */
  ref?: string;
  offset?: number;
}

export type Matcher = string | RegExp | ((command: string, env: Record<string, string>) => boolean);

export interface ExecRule {
  match: Matcher;
  /** The answer; a function may count calls or look at env. Missing fields default to ok/''. */
  reply?:
    Partial<ExecResult> | ((command: string, env: Record<string, string>) => Partial<ExecResult>);
  /** Extra latency for this rule (on top of the remote's). */
  delayMs?: number;
}

/** How a detached run behaves: its log chunks, one every `intervalMs`, then its exit code. */
export interface DetachedPlan {
  chunks: string[];
  intervalMs?: number;
  exitCode?: number;
  /** Called when it exits (the node's state changes then, not at start). */
  onExit?: () => void;
}

export interface FakeRemoteOptions {
  rules?: ExecRule[];
  latencyMs?: number;
  detached?: (ref: DetachedRef, script: string, env: Record<string, string>) => DetachedPlan;
}

interface NodeRun {
  log: Buffer;
  exitCode: number | undefined;
  changed: Set<() => void>;
}

const refKey = (ref: DetachedRef): string => `${ref.runId}/${ref.stepId}`;

function matches(m: Matcher, command: string, env: Record<string, string>): boolean {
  if (typeof m === 'string') return command.includes(m);
  if (m instanceof RegExp) return m.test(command);
  return m(command, env);
}

function disconnect(nodeId: string): AppError {
  return new AppError({ code: 'connection_lost', nodeId, message: 'Connection lost (fake drop).' });
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export class FakeRemote implements Remote {
  readonly calls: FakeCall[] = [];
  /** Successful starts per `<runId>/<stepId>`: a step's apply must start exactly once. */
  readonly starts = new Map<string, number>();
  readonly runs = new Map<string, NodeRun>();
  readonly files = new Map<string, Buffer>();
  rules: ExecRule[];
  private dropNextCalls = 0;
  private dropFollowAfterChunks: number | undefined;
  private active = 0;
  maxActive = 0;

  constructor(
    readonly nodeId: string,
    private readonly options: FakeRemoteOptions = {},
    private readonly lab?: FakeLab,
  ) {
    this.rules = options.rules ?? [];
  }

  /** The next `n` calls of any kind throw a disconnect. */
  dropNext(n = 1): void {
    this.dropNextCalls += n;
  }

  /** The next followDetached delivers `chunks` chunks, then the link drops. */
  dropFollowAfter(chunks: number): void {
    this.dropFollowAfterChunks = chunks;
  }

  startCount(runId: string, stepId: string): number {
    return this.starts.get(`${runId}/${stepId}`) ?? 0;
  }

  /** Calls that change the node: any detached start, upload, or exec not matched by `readOnly`. */
  mutatingCalls(readOnly: Matcher = () => false): FakeCall[] {
    return this.calls.filter(
      (c) =>
        c.kind === 'startDetached' ||
        c.kind === 'upload' ||
        (c.kind === 'exec' && !matches(readOnly, c.command, c.env)),
    );
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const env = options.env ?? {};
    this.record({ kind: 'exec', nodeId: this.nodeId, command, env });
    return this.busy(async () => {
      const rule = this.rules.find((r) => matches(r.match, command, env));
      await wait((this.options.latencyMs ?? 0) + (rule?.delayMs ?? 0), options.signal);
      const r = typeof rule?.reply === 'function' ? rule.reply(command, env) : (rule?.reply ?? {});
      const res = { code: r.code ?? 0, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
      if (res.stdout) options.onStdout?.(res.stdout);
      if (res.stderr) options.onStderr?.(res.stderr);
      return res;
    });
  }

  async startDetached(
    ref: DetachedRef,
    script: string,
    env: Record<string, string>,
  ): Promise<void> {
    const key = refKey(ref);
    this.record({ kind: 'startDetached', nodeId: this.nodeId, command: script, env, ref: key });
    await wait(this.options.latencyMs ?? 0);
    if (this.runs.has(key)) {
      throw new AppError({
        code: 'already_started',
        nodeId: this.nodeId,
        message: `detached run ${key} already exists`,
      });
    }
    const plan = this.options.detached?.(ref, script, env) ?? { chunks: [], exitCode: 0 };
    const run: NodeRun = { log: Buffer.alloc(0), exitCode: undefined, changed: new Set() };
    this.runs.set(key, run);
    this.starts.set(key, (this.starts.get(key) ?? 0) + 1);
    void this.play(run, plan);
  }

  async followDetached(
    ref: DetachedRef,
    offset: number,
    onData: (chunk: string) => void,
    signal?: AbortSignal,
  ): Promise<DetachedStatus> {
    const key = refKey(ref);
    this.record({
      kind: 'followDetached',
      nodeId: this.nodeId,
      command: '',
      env: {},
      ref: key,
      offset,
    });
    const run = this.runs.get(key);
    if (!run) {
      throw new AppError({
        code: 'no_such_run',
        nodeId: this.nodeId,
        message: `No run ${key} on this node.`,
      });
    }
    let pos = offset;
    let delivered = 0;
    const dropAfter = this.dropFollowAfterChunks;
    this.dropFollowAfterChunks = undefined;
    for (;;) {
      if (signal?.aborted) return { offset: pos, exitCode: undefined };
      if (run.log.length > pos) {
        if (dropAfter !== undefined && delivered >= dropAfter) throw disconnect(this.nodeId);
        const chunk = run.log.subarray(pos).toString('utf8');
        pos = run.log.length;
        delivered++;
        onData(chunk);
        continue;
      }
      if (run.exitCode !== undefined) return { offset: pos, exitCode: run.exitCode };
      await new Promise<void>((resolve) => {
        const done = (): void => {
          run.changed.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        run.changed.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  async upload(path: string, content: string | Buffer): Promise<void> {
    this.record({ kind: 'upload', nodeId: this.nodeId, command: path, env: {} });
    this.files.set(path, Buffer.from(content));
  }

  async download(path: string): Promise<Buffer> {
    this.record({ kind: 'download', nodeId: this.nodeId, command: path, env: {} });
    const f = this.files.get(path);
    if (!f) throw new Error(`no such file ${path}`);
    return f;
  }

  /** The node's end of downloadFile/uploadFile: `files`, with faults to inject (memorySide.ts). */
  private side: MemorySide | undefined;
  get transferSide(): MemorySide {
    this.side ??= new MemorySide(this.nodeId, this.files);
    return this.side;
  }

  async downloadFile(
    remotePath: string,
    localPath: string,
    options: DownloadOptions = {},
  ): Promise<TransferResult> {
    this.record({ kind: 'download', nodeId: this.nodeId, command: remotePath, env: {} });
    return transferFile(this.transferSide, remotePath, localSide, localPath, {
      ...options,
      mode: 0o600,
    });
  }

  async uploadFile(
    localPath: string,
    remotePath: string,
    options: UploadOptions = {},
  ): Promise<TransferResult> {
    this.record({ kind: 'upload', nodeId: this.nodeId, command: remotePath, env: {} });
    return transferFile(localSide, localPath, this.transferSide, remotePath, {
      ...options,
      limiter: limiterOf(options.bandwidthLimit),
      sourceSha256: options.localSha256,
    });
  }

  private record(call: FakeCall): void {
    this.calls.push(call);
    this.lab?.calls.push(call);
    if (this.dropNextCalls > 0) {
      this.dropNextCalls--;
      throw disconnect(this.nodeId);
    }
  }

  private async busy<T>(fn: () => Promise<T>): Promise<T> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.lab?.enter();
    try {
      return await fn();
    } finally {
      this.active--;
      this.lab?.leave();
    }
  }

  private async play(run: NodeRun, plan: DetachedPlan): Promise<void> {
    for (const chunk of plan.chunks) {
      await wait(plan.intervalMs ?? 1);
      run.log = Buffer.concat([run.log, Buffer.from(chunk)]);
      for (const f of [...run.changed]) f();
    }
    run.exitCode = plan.exitCode ?? 0;
    plan.onExit?.();
    for (const f of [...run.changed]) f();
  }
}

/** Several fake nodes sharing one call log and a concurrency gauge across nodes. */
export class FakeLab {
  readonly calls: FakeCall[] = [];
  readonly remotes = new Map<string, FakeRemote>();
  private active = 0;
  maxActive = 0;

  constructor(private readonly options: (nodeId: string) => FakeRemoteOptions = () => ({})) {}

  remote(nodeId: string): FakeRemote {
    let r = this.remotes.get(nodeId);
    if (!r) {
      r = new FakeRemote(nodeId, this.options(nodeId), this);
      this.remotes.set(nodeId, r);
    }
    return r;
  }

  /** Pass as the engine's remoteFor. */
  readonly remoteFor = (node: NodeSpec): Remote => this.remote(node.id);

  enter(): void {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
  }

  leave(): void {
    this.active--;
  }
}
