import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../common/model/appError';
import { nodeSecretKey } from '../../../main/store/secrets';
import { harness, node } from './harness';
import {
  authorize,
  canRunSshd,
  createUser,
  keygen,
  removeUser,
  Sshd,
  type TestUser,
} from './sshdFixture';

const run = canRunSshd() ? describe : describe.skip;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : `non-app: ${String(err)}`;
  }
}

run('ssh connections against a real sshd', () => {
  let user: TestUser;
  let sshd: Sshd;
  let keyDir: string;

  beforeAll(async () => {
    user = createUser();
    sshd = new Sshd([user.name]);
    keyDir = sshd.dir;
    authorize(user, [
      keygen(`${keyDir}/id_ed25519`, 'ed25519'),
      keygen(`${keyDir}/id_rsa_pp`, 'rsa', 'correct horse'),
      keygen(`${keyDir}/id_ecdsa`, 'ecdsa'),
    ]);
    await sshd.start();
  });

  afterAll(async () => {
    await sshd?.stop();
    sshd?.remove();
    if (user) removeUser(user);
  });

  it('logs in with a password, pins the host key on first contact and runs a command', async () => {
    const h = harness([node('n1', sshd.port, user.name)], { passwords: { n1: user.password } });
    try {
      const res = await h.remote('n1').exec('echo "$USER:$((6*7))"; echo oops >&2; exit 3');
      expect(res).toEqual({ code: 3, stdout: `${user.name}:42\n`, stderr: 'oops\n' });
      expect(h.questions).toHaveLength(1);
      expect(h.questions[0]?.key.fingerprint).toBe(sshd.hostFingerprint());
      expect(h.nodes.get('n1')?.hostKey).toEqual({
        algorithm: 'ssh-ed25519',
        fingerprint: sshd.hostFingerprint(),
      });
      // Second command reuses the pinned key: no new question.
      h.pool.disconnect('n1');
      await h.remote('n1').exec('true');
      expect(h.questions).toHaveLength(1);
    } finally {
      h.close();
    }
  });

  it('logs in with keys: ed25519, ecdsa, and rsa with a passphrase (wrong passphrase refused)', async () => {
    const specs = [
      node('k1', sshd.port, user.name, { auth: 'key', keyPath: `${keyDir}/id_ed25519` }),
      node('k2', sshd.port, user.name, { auth: 'key', keyPath: `${keyDir}/id_ecdsa` }),
      node('k3', sshd.port, user.name, { auth: 'key', keyPath: `${keyDir}/id_rsa_pp` }),
      node('k4', sshd.port, user.name, { auth: 'key', keyPath: `${keyDir}/id_rsa_pp` }),
    ];
    const h = harness(specs);
    await h.secrets.set(nodeSecretKey('k3', 'passphrase'), 'correct horse');
    await h.secrets.set(nodeSecretKey('k4', 'passphrase'), 'wrong horse');
    try {
      for (const id of ['k1', 'k2', 'k3']) {
        expect((await h.remote(id).exec('whoami')).stdout.trim()).toBe(user.name);
      }
      const err = await h
        .remote('k4')
        .exec('true')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('auth_failed');
      expect((err as AppError).message).toMatch(/passphrase .* wrong/);
    } finally {
      h.close();
    }
  });

  it('logs in through ssh-agent', async () => {
    const sock = `${keyDir}/agent.sock`;
    const out = execFileSync('ssh-agent', ['-s', '-a', sock], { encoding: 'utf8' });
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
    try {
      execFileSync('ssh-add', [`${keyDir}/id_ed25519`], {
        env: { ...process.env, SSH_AUTH_SOCK: sock },
        stdio: 'ignore',
      });
      const h = harness([node('a1', sshd.port, user.name, { auth: 'agent' })], {
        agentSocket: sock,
      });
      try {
        expect((await h.remote('a1').exec('whoami')).stdout.trim()).toBe(user.name);
      } finally {
        h.close();
      }
    } finally {
      process.kill(pid, 'SIGTERM');
    }
  });

  it('refuses a wrong password with auth_failed', async () => {
    const h = harness([node('w1', sshd.port, user.name)], {
      passwords: { w1: 'not-the-password' },
    });
    try {
      const err = await h
        .remote('w1')
        .exec('true')
        .catch((e: unknown) => e);
      expect((err as AppError).code).toBe('auth_failed');
      expect((err as AppError).nodeId).toBe('w1');
    } finally {
      h.close();
    }
  });

  it('runs root commands through sudo with the password on stdin, never on argv', async () => {
    const h = harness([node('s1', sshd.port, user.name)], { passwords: { s1: user.password } });
    try {
      const r = h.remote('s1');
      const res = await r.exec(
        'id -u; printf "%s|" "$A" "$B"; cat; ps -eo args | grep -c -- "$PW_CHECK" || true',
        {
          root: true,
          env: { A: "it's $(rm -rf /) `x`", B: 'line1\nline2', PW_CHECK: user.password },
          stdin: 'stdin-payload\n',
        },
      );
      expect(res.code).toBe(0);
      const lines = res.stdout.split('\n');
      expect(lines[0]).toBe('0');
      expect(res.stdout).toContain("it's $(rm -rf /) `x`|line1\nline2|stdin-payload");
      // Only grep's own command line (which holds the word via env expansion) may match.
      expect(Number(lines.at(-2))).toBeLessThanOrEqual(1);
      await h.secrets.set(nodeSecretKey('s1', 'password'), 'wrong');
      h.pool.disconnect('s1');
      // A fresh connection re-checks sudo: login fails first since the password is the same.
      expect(await codeOf(r.exec('true', { root: true }))).toBe('auth_failed');
    } finally {
      h.close();
    }
  });

  it('tells sudo_password_required and sudo_password_wrong apart (key login, no/wrong password)', async () => {
    const spec = node('s2', sshd.port, user.name, { auth: 'key', keyPath: `${keyDir}/id_ed25519` });
    const h = harness([spec]);
    try {
      expect(await codeOf(h.remote('s2').exec('true', { root: true }))).toBe(
        'sudo_password_required',
      );
      await h.secrets.set(nodeSecretKey('s2', 'password'), 'nope');
      expect(await codeOf(h.remote('s2').exec('true', { root: true }))).toBe('sudo_password_wrong');
      await h.secrets.set(nodeSecretKey('s2', 'password'), user.password);
      expect((await h.remote('s2').exec('id -u', { root: true })).stdout.trim()).toBe('0');
    } finally {
      h.close();
    }
  });
});
