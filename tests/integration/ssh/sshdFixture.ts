/**
 * A real OpenSSH sshd on 127.0.0.1 for the SSH layer's integration tests (root only). Each
 * fixture has its own host key, config, log (LogLevel DEBUG, so tests can see what sshd was
 * asked) and a throwaway user with a password, sudo rights and authorized keys. Everything it
 * starts is stopped by pid; the user and its sudoers file are removed in `stop()`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

export function canRunSshd(): boolean {
  try {
    return process.getuid?.() === 0 && execFileSync('test', ['-x', SSHD]).length === 0;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitListening(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface TestUser {
  name: string;
  password: string;
  home: string;
}

/** Creates a user with a random password, sudo rights (with password) and a home. */
export function createUser(password = `pw-${randomBytes(9).toString('base64url')}`): TestUser {
  const name = `kltest${randomBytes(3).toString('hex')}`;
  execFileSync('useradd', ['-m', '-s', '/bin/bash', name]);
  execFileSync('chpasswd', [], { input: `${name}:${password}\n` });
  const sudoers = `/etc/sudoers.d/${name}`;
  writeFileSync(sudoers, `${name} ALL=(ALL:ALL) ALL\n`, { mode: 0o440 });
  return { name, password, home: `/home/${name}` };
}

export function removeUser(user: TestUser): void {
  rmSync(`/etc/sudoers.d/${user.name}`, { force: true });
  try {
    execFileSync('userdel', ['-r', '-f', user.name], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

export function keygen(path: string, type: 'ed25519' | 'rsa' | 'ecdsa', passphrase = ''): string {
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(type === 'rsa' ? ['-b', '2048'] : []),
    '-N',
    passphrase,
    '-C',
    'kubelab-test',
    '-f',
    path,
  ]);
  return readFileSync(`${path}.pub`, 'utf8');
}

/** `SHA256:…` of a public key file, as ssh-keygen prints it. */
export function fingerprint(pubPath: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubPath], {
    encoding: 'utf8',
  });
  const m = /(SHA256:[A-Za-z0-9+/]+)/.exec(out);
  if (!m?.[1]) throw new Error(`no fingerprint in ${out}`);
  return m[1];
}

export function authorize(user: TestUser, pubKeys: string[]): void {
  const dir = join(user.home, '.ssh');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'authorized_keys');
  writeFileSync(file, pubKeys.join(''), { mode: 0o600 });
  const uid = Number(execFileSync('id', ['-u', user.name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user.name], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
  chownSync(file, uid, gid);
}

export class Sshd {
  readonly dir: string;
  readonly hostKeyPath: string;
  readonly logPath: string;
  port = 0;
  private proc: ChildProcess | undefined;

  constructor(private readonly allowUsers: string[]) {
    this.dir = mkdtempSync('/tmp/kubelab-sshd-');
    chmodSync(this.dir, 0o755);
    this.hostKeyPath = join(this.dir, 'host_ed25519');
    this.logPath = join(this.dir, 'sshd.log');
    keygen(this.hostKeyPath, 'ed25519');
  }

  hostFingerprint(): string {
    return fingerprint(`${this.hostKeyPath}.pub`);
  }

  /** Replaces the host key (as a reinstalled or impersonated server would); needs restart(). */
  swapHostKey(): void {
    rmSync(this.hostKeyPath, { force: true });
    rmSync(`${this.hostKeyPath}.pub`, { force: true });
    keygen(this.hostKeyPath, 'ed25519');
  }

  async start(port?: number): Promise<void> {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    this.port = port ?? (this.port || (await freePort()));
    const config = join(this.dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${this.hostKeyPath}`,
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        'AuthorizedKeysFile .ssh/authorized_keys',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'UsePAM no',
        'PermitRootLogin no',
        'AllowTcpForwarding yes',
        'LogLevel DEBUG',
        'MaxStartups 100',
        'Subsystem sftp internal-sftp',
        `AllowUsers ${this.allowUsers.join(' ')}`,
        '',
      ].join('\n'),
    );
    this.proc = spawn(SSHD, ['-D', '-f', config, '-E', this.logPath], { stdio: 'ignore' });
    await waitListening(this.port);
  }

  log(): string {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  clearLog(): void {
    writeFileSync(this.logPath, '');
  }

  /** Pids of the per-connection sshd processes this daemon started (children of its pid). */
  sessionPids(): number[] {
    const pid = this.proc?.pid;
    if (!pid) return [];
    const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], {
      encoding: 'utf8',
    }).trim();
    return out ? out.split(/\s+/).map(Number) : [];
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p?.pid || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start(this.port);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Kills the TCP connections to a local port from the client side (`ss -K`), like a cut link. */
export function cutLink(port: number): void {
  execFileSync('ss', ['-K', 'dst', '127.0.0.1', 'dport', '=', `:${port}`], { stdio: 'ignore' });
}
