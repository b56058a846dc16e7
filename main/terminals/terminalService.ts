import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { TerminalTarget } from '../../common/contracts/terminals';
import { AppError, toAppErrorData, type AppErrorData } from '../../common/model/appError';
import type { SshPool } from '../ssh/pool';
import {
  loadPty,
  localShellBackend,
  sshShellBackend,
  type TerminalBackend,
} from './terminalBackends';

export interface TerminalEvents {
  /** Raw output bytes; the UI acks their byte length. */
  data(sessionId: string, data: Uint8Array): void;
  exit(
    sessionId: string,
    exit: { code?: number | null; signal?: string; error?: AppErrorData },
  ): void;
}

export interface TerminalServiceOptions {
  pool: SshPool;
  events: TerminalEvents;
  /** Directory for per-node session logs (a session opts in with `log: true`). */
  logDir?: string;
  allowLocal?: boolean;
  /** While output streams it is sent every this many ms (VS Code's TerminalDataBufferer: 5 ms). */
  batchMs?: number;
  /** Unacknowledged bytes above which the source is paused, and below which it resumes. */
  highWatermark?: number;
  lowWatermark?: number;
}

interface Session {
  id: string;
  backend: TerminalBackend;
  /** Output not sent yet, and its length in bytes. */
  buffer: Buffer[];
  buffered: number;
  timer?: NodeJS.Timeout;
  unacked: number;
  paused: boolean;
  log?: WriteStream;
}

/**
 * Flow-control defaults. VS Code's FlowControlConstants pause at 100 000 unacked characters and
 * resume under 5 000; with acks only after xterm.js parsed the data, that drained the pipe every
 * ~100 KB and serialised transfer with parsing (bench/RESULTS.md, terminal: a 20 MiB `cat` at 0.18
 * of ssh's speed). A 1 MiB window resuming at half lets transfer overlap drawing; what is in
 * flight after Ctrl-C stays bounded by it plus the shell's SSH window (256 KiB).
 */
export const FLOW = { batchMs: 5, highWatermark: 1024 * 1024, lowWatermark: 512 * 1024 } as const;

/**
 * Terminal sessions for the UI. Output stays bytes end to end (no decode here: xterm.js takes
 * UTF-8). It is batched while it streams (one event per ~5 ms instead of one per packet; the
 * first output after a pause goes out at once) and flow-controlled: the UI acks bytes after
 * xterm.js has written them, and a source more than `highWatermark` bytes ahead is paused until
 * acks bring it under `lowWatermark`.
 */
export class TerminalService {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly opts: TerminalServiceOptions) {}

  async localAvailable(): Promise<{ available: boolean; reason?: string }> {
    if (this.opts.allowLocal === false)
      return { available: false, reason: 'Local shells are turned off for this face.' };
    const pty = await loadPty();
    return pty instanceof Error
      ? { available: false, reason: `node-pty could not be loaded: ${pty.message}` }
      : { available: true };
  }

  async open(
    target: TerminalTarget,
    cols: number,
    rows: number,
    log = false,
  ): Promise<{ sessionId: string; title: string }> {
    let backend: TerminalBackend;
    let logName: string;
    if (target.kind === 'local') {
      const avail = await this.localAvailable();
      const pty = await loadPty();
      if (!avail.available || pty instanceof Error) {
        throw new AppError({
          code: 'unavailable',
          message: avail.reason ?? 'Local shells are unavailable.',
        });
      }
      backend = await localShellBackend(pty, cols, rows);
      logName = 'local';
    } else {
      const lease = await this.opts.pool.acquire(target.nodeId);
      try {
        backend = await sshShellBackend(lease, cols, rows);
      } catch (err) {
        lease.release();
        throw err;
      }
      logName = target.nodeId;
    }
    const id = `t${randomBytes(8).toString('hex')}`;
    const session: Session = { id, backend, buffer: [], buffered: 0, unacked: 0, paused: false };
    if (log && this.opts.logDir) {
      const dir = join(this.opts.logDir, logName);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      session.log = createWriteStream(join(dir, `${stamp}-${id}.log`), { flags: 'a', mode: 0o600 });
    }
    this.sessions.set(id, session);
    backend.onData((data) => this.push(session, data));
    backend.onExit((exit) => {
      this.flush(session);
      this.sessions.delete(id);
      session.log?.end();
      this.opts.events.exit(id, exit);
    });
    return { sessionId: id, title: backend.title };
  }

  private get(sessionId: string): Session {
    const s = this.sessions.get(sessionId);
    if (!s)
      throw new AppError({
        code: 'not_found',
        message: `No terminal session ${sessionId}.`,
        field: 'sessionId',
      });
    return s;
  }

  /**
   * Output of an idle session goes out at once (a keystroke's echo must not wait for a timer);
   * output that follows within `batchMs` is gathered and sent every `batchMs` while it streams.
   */
  private push(s: Session, data: Buffer): void {
    s.buffer.push(data);
    s.buffered += data.length;
    s.log?.write(data);
    if (s.timer) return;
    this.emit(s);
    s.timer = setTimeout(() => this.tick(s), this.opts.batchMs ?? FLOW.batchMs);
  }

  private tick(s: Session): void {
    s.timer = undefined;
    if (s.buffered === 0) return; // idle again: the next output is sent immediately
    this.emit(s);
    s.timer = setTimeout(() => this.tick(s), this.opts.batchMs ?? FLOW.batchMs);
  }

  private flush(s: Session): void {
    clearTimeout(s.timer);
    s.timer = undefined;
    this.emit(s);
  }

  private emit(s: Session): void {
    if (s.buffered === 0) return;
    const [first] = s.buffer;
    const data = s.buffer.length === 1 && first ? first : Buffer.concat(s.buffer, s.buffered);
    s.buffer = [];
    s.buffered = 0;
    s.unacked += data.length;
    this.opts.events.data(s.id, data);
    if (!s.paused && s.unacked > (this.opts.highWatermark ?? FLOW.highWatermark)) {
      s.paused = true;
      s.backend.pause();
    }
  }

  write(sessionId: string, data: string): void {
    this.get(sessionId).backend.write(data);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    this.get(sessionId).backend.resize(cols, rows);
  }

  /** `bytes` of output the UI has finished writing to its terminal. */
  ack(sessionId: string, bytes: number): void {
    const s = this.get(sessionId);
    s.unacked = Math.max(0, s.unacked - bytes);
    if (s.paused && s.unacked < (this.opts.lowWatermark ?? FLOW.lowWatermark)) {
      s.paused = false;
      s.backend.resume();
    }
  }

  close(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    try {
      s.backend.close();
    } catch (err) {
      this.opts.events.exit(sessionId, { error: toAppErrorData(err) });
    }
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  /** For tests and diagnostics: how far ahead of the UI a session is, and whether it is paused. */
  flowState(sessionId: string): { unacked: number; paused: boolean } {
    const s = this.get(sessionId);
    return { unacked: s.unacked, paused: s.paused };
  }
}
