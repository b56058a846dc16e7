import { homedir } from 'node:os';
import type * as NodePty from 'node-pty';
import type { Lease } from '../ssh/pool';
import { openShell, resizeShell } from '../ssh/shell';

/** What a terminal session drives: an ssh2 shell channel or a local pty. */
export interface TerminalBackend {
  readonly title: string;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  close(): void;
  /** Output as raw bytes (UTF-8 that may end inside a character; the UI decodes statefully). */
  onData(cb: (data: Buffer) => void): void;
  onExit(cb: (exit: { code?: number | null; signal?: string }) => void): void;
}

export async function sshShellBackend(
  lease: Lease,
  cols: number,
  rows: number,
): Promise<TerminalBackend> {
  const { stream, consumed } = await openShell(lease, cols, rows);
  let exit: { code?: number | null; signal?: string } = {};
  stream.on('exit', (code: number | null, signal?: string) => {
    exit = { code, ...(signal ? { signal } : {}) };
  });
  let released = false;
  const release = (): void => {
    if (!released) {
      released = true;
      lease.release();
    }
  };
  return {
    title: `${lease.spec.user}@${lease.spec.name}`,
    write: (data) => void stream.write(data),
    resize: (cols2, rows2) => resizeShell(stream, cols2, rows2),
    // Pausing the channel stops reading it; the SSH window (256 KiB, see openShell) then stops
    // growing, so the remote program blocks on write instead of kubelab buffering without bound.
    pause: () => void stream.pause(),
    resume: () => void stream.resume(),
    close: () => {
      stream.close();
      release();
    },
    onData: (cb) => {
      const on = (b: Buffer): void => {
        consumed(b.length);
        cb(b);
      };
      stream.on('data', on);
      stream.stderr.on('data', on);
    },
    onExit: (cb) =>
      void stream.on('close', () => {
        release();
        cb(exit);
      }),
  };
}

type PtyModule = typeof NodePty;

let ptyLoad: Promise<PtyModule | Error> | undefined;

/** node-pty is optional: a failed load (missing, or built for another Node) means "unavailable". */
export function loadPty(): Promise<PtyModule | Error> {
  ptyLoad ??= import('node-pty').then(
    (m: PtyModule & { default?: PtyModule }) =>
      typeof m.spawn === 'function' ? m : (m.default ?? m),
    (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  );
  return ptyLoad;
}

export async function localShellBackend(
  pty: PtyModule,
  cols: number,
  rows: number,
): Promise<TerminalBackend> {
  const shell = process.env.SHELL || '/bin/bash';
  const p = pty.spawn(shell, [], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: homedir(),
    env: process.env as Record<string, string>,
  });
  return {
    title: `local: ${shell}`,
    write: (data) => p.write(data),
    resize: (c, r) => p.resize(c, r),
    pause: () => p.pause(),
    resume: () => p.resume(),
    close: () => p.kill(),
    onData: (cb) => void p.onData((text) => cb(Buffer.from(text, 'utf8'))),
    onExit: (cb) =>
      void p.onExit((e) =>
        cb({ code: e.exitCode, ...(e.signal ? { signal: String(e.signal) } : {}) }),
      ),
  };
}
