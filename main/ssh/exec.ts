import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { ExecOptions, ExecResult } from '../engine/remote';
import { nodeSecretKey, type SecretStore } from '../store/secrets';
import { sshError } from './errors';
import type { Lease } from './pool';
import { envLines, shQuote } from './quote';

/**
 * Running one command on a node. The command always runs under bash. Data never goes on the
 * command line: an env map is sent on stdin as `export NAME='value'` lines ended by a NUL, read by
 * a fixed prelude (bash's `read` takes a pipe byte by byte, so the command's own stdin follows
 * intact). For root, a non-root user goes through `sudo -S -p ''` with the password as the first
 * line of stdin; `-k` makes sudo always read it, so the bytes after it are never mistaken for it.
 */
const PRELUDE = `IFS= read -r -d '' __kl_env || true; eval "$__kl_env"; unset __kl_env; `;

export type SudoMode = 'root' | 'nopasswd' | 'password';

const sudoModes = new WeakMap<object, Promise<SudoMode>>();

export interface ExecContext {
  secrets: SecretStore;
}

interface RawOptions {
  stdin?: Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  onStdoutBytes?: (chunk: Buffer) => void;
}

/**
 * Runs a finished command line on one channel slot; no quoting or sudo here. Listeners are
 * attached inside ssh2's callback, synchronously: through a jump host one read can carry the
 * channel's success, output, exit status and close together, and a later attach misses them.
 */
export function execRaw(lease: Lease, line: string, o: RawOptions = {}): Promise<ExecResult> {
  return lease.withChannel(
    () =>
      new Promise<ExecResult>((resolve, reject) => {
        if (o.signal?.aborted) {
          reject(sshError('cancelled', lease.nodeId, 'Cancelled.'));
          return;
        }
        lease.client.exec(line, (err, stream) => {
          if (err) {
            reject(
              sshError(
                'connection_lost',
                lease.nodeId,
                `Cannot open a channel to ${lease.spec.name}: ${err.message}`,
              ),
            );
            return;
          }
          collect(lease, stream, o, resolve, reject);
        });
      }),
  );
}

function collect(
  lease: Lease,
  stream: ClientChannel,
  o: RawOptions,
  resolve: (r: ExecResult) => void,
  reject: (e: Error) => void,
): void {
  const outDec = new StringDecoder('utf8');
  const errDec = new StringDecoder('utf8');
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  let signal: string | undefined;
  let failure: Error | undefined;
  const stop = (err: Error): void => {
    failure ??= err;
    stream.close();
  };
  const timer = o.timeoutMs
    ? setTimeout(
        () =>
          stop(
            sshError(
              'timeout',
              lease.nodeId,
              `Command timed out after ${Math.round((o.timeoutMs ?? 0) / 1000)} s on ${lease.spec.name}.`,
            ),
          ),
        o.timeoutMs,
      )
    : undefined;
  const onAbort = (): void => stop(sshError('cancelled', lease.nodeId, 'Cancelled.'));
  o.signal?.addEventListener('abort', onAbort, { once: true });
  stream.on('data', (b: Buffer) => {
    o.onStdoutBytes?.(b);
    const s = outDec.write(b);
    stdout += s;
    if (s) o.onStdout?.(s);
  });
  stream.stderr.on('data', (b: Buffer) => {
    const s = errDec.write(b);
    stderr += s;
    if (s) o.onStderr?.(s);
  });
  stream.on('exit', (c: number | null, sig?: string) => {
    if (typeof c === 'number') code = c;
    else signal = sig ?? 'unknown';
  });
  stream.on('close', () => {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    stdout += outDec.end();
    stderr += errDec.end();
    if (failure) reject(failure);
    else if (code !== undefined) resolve({ code, stdout, stderr });
    else if (signal)
      resolve({ code: 128, stdout, stderr: stderr + `\n(killed by signal ${signal})` });
    else
      reject(
        sshError(
          'connection_lost',
          lease.nodeId,
          `The connection to ${lease.spec.name} dropped while a command was running.`,
        ),
      );
  });
  if (o.stdin && o.stdin.length) stream.end(o.stdin);
  else stream.end();
}

async function detectSudo(lease: Lease, ctx: ExecContext): Promise<SudoMode> {
  if (lease.spec.user === 'root') return 'root';
  const probe = await execRaw(lease, 'sudo -k -n true', { timeoutMs: 15_000 });
  if (probe.code === 0) return 'nopasswd';
  const password = await ctx.secrets.get(nodeSecretKey(lease.nodeId, 'password'));
  if (password === undefined) {
    throw sshError(
      'sudo_password_required',
      lease.nodeId,
      `sudo on ${lease.spec.name} needs ${lease.spec.user}'s password and none is stored.`,
    );
  }
  const check = await execRaw(lease, "sudo -k -S -p '' true", {
    stdin: Buffer.from(password + '\n'),
    timeoutMs: 30_000,
  });
  if (check.code === 0) return 'password';
  if (/not in the sudoers|not allowed to (run|execute)|may not run sudo/i.test(check.stderr)) {
    throw sshError(
      'sudo_denied',
      lease.nodeId,
      `${lease.spec.user} may not use sudo on ${lease.spec.name}.`,
    );
  }
  if (
    /incorrect password|Sorry, try again|authentication failure/i.test(check.stderr) ||
    check.code === 1
  ) {
    throw sshError(
      'sudo_password_wrong',
      lease.nodeId,
      `sudo on ${lease.spec.name} refused the stored password for ${lease.spec.user}.`,
    );
  }
  throw sshError(
    'command_failed',
    lease.nodeId,
    `sudo on ${lease.spec.name} failed: ${check.stderr.trim()}`,
  );
}

/** How this connection's user becomes root; found once per connection and remembered. */
export function sudoMode(lease: Lease, ctx: ExecContext): Promise<SudoMode> {
  const key = lease.connected;
  let mode = sudoModes.get(key);
  if (!mode) {
    mode = detectSudo(lease, ctx);
    sudoModes.set(key, mode);
    mode.catch(() => sudoModes.delete(key));
  }
  return mode;
}

/** Runs `command` under bash with the Remote's options (env, stdin, root, timeout, cancel). */
export async function execCommand(
  lease: Lease,
  ctx: ExecContext,
  command: string,
  options: ExecOptions & { onStdoutBytes?: (chunk: Buffer) => void } = {},
): Promise<ExecResult> {
  const parts: Buffer[] = [];
  let script = command;
  if (options.env && Object.keys(options.env).length > 0) {
    script = PRELUDE + command;
    parts.push(Buffer.from(envLines(options.env) + '\0'));
  }
  let line = `bash -c ${shQuote(script)}`;
  if (options.root) {
    const mode = await sudoMode(lease, ctx);
    if (mode === 'nopasswd') line = `sudo -n -- ${line}`;
    if (mode === 'password') {
      const password = await ctx.secrets.get(nodeSecretKey(lease.nodeId, 'password'));
      if (password === undefined)
        throw sshError(
          'sudo_password_required',
          lease.nodeId,
          `sudo on ${lease.spec.name} needs a password.`,
        );
      line = `sudo -k -S -p '' -- ${line}`;
      parts.unshift(Buffer.from(password + '\n'));
    }
  }
  if (options.stdin !== undefined) parts.push(Buffer.from(options.stdin));
  return execRaw(lease, line, {
    stdin: Buffer.concat(parts),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onStdout: options.onStdout,
    onStderr: options.onStderr,
    onStdoutBytes: options.onStdoutBytes,
  });
}
