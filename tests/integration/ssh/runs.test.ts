import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../../common/model/appError';
import { harness, node } from './harness';
import { canRunSshd, createUser, cutLink, removeUser, Sshd, type TestUser } from './sshdFixture';

const run = canRunSshd() ? describe : describe.skip;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

run('detached runs, jump host and SFTP against a real sshd', () => {
  let user: TestUser;
  let sshd: Sshd;
  let bastion: Sshd;
  const runId = `it-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    user = createUser();
    sshd = new Sshd([user.name]);
    bastion = new Sshd([user.name]);
    await sshd.start();
    await bastion.start();
  });

  afterAll(async () => {
    await sshd?.stop();
    await bastion?.stop();
    sshd?.remove();
    bastion?.remove();
    if (user) removeUser(user);
    rmSync(`/var/lib/kubelab/runs/${runId}`, { recursive: true, force: true });
  });

  it('keeps a detached run going through a cut link, reattaches and reads the whole log', async () => {
    const h = harness([node('d1', sshd.port, user.name)], { passwords: { d1: user.password } });
    const ref = { runId, stepId: 'count' };
    const script =
      'set -euo pipefail\nfor i in $(seq 1 40); do echo "line $i ${GREETING}"; sleep 0.05; done\necho "été ✓"\nexit 7\n';
    try {
      const r = h.remote('d1');
      await r.startDetached(ref, script, { GREETING: "hi 'there' $HOME" });
      // A retry of the start (as after a dropped link) is refused by the node.
      const again = await r.startDetached(ref, script, {}).catch((e: unknown) => e);
      expect((again as AppError).code).toBe('already_started');

      let text = '';
      let cut = false;
      const status = await r.followDetached(ref, 0, (chunk) => {
        text += chunk;
        if (!cut && text.includes('line 5 ')) {
          cut = true;
          cutLink(sshd.port); // the TCP connection dies under the running follow
        }
      });
      expect(cut).toBe(true);
      expect(status.exitCode).toBe(7);
      const expected =
        Array.from({ length: 40 }, (_, i) => `line ${i + 1} hi 'there' $HOME\n`).join('') +
        'été ✓\n';
      expect(text).toBe(expected);
      const dir = `/var/lib/kubelab/runs/${runId}/count`;
      expect(status.offset).toBe(readFileSync(`${dir}/log`).length);
      expect(readFileSync(`${dir}/exit`, 'utf8').trim()).toBe('7');
      expect(existsSync(`${dir}/pid`) || existsSync(`${dir}/unit`)).toBe(true);
      // Following again from the end returns at once with the same status and no new bytes.
      let more = '';
      const again2 = await r.followDetached(ref, status.offset, (c) => (more += c));
      expect(again2).toEqual(status);
      expect(more).toBe('');
      const missing = await r
        .followDetached({ runId, stepId: 'never-started' }, 0, () => undefined)
        .catch((e: unknown) => e);
      expect((missing as AppError).code).toBe('no_such_run');
    } finally {
      h.close();
    }
  });

  it('reaches a node through a jump host (forwardOut), verifying both host keys', async () => {
    const jump = node('bastion', bastion.port, user.name);
    const inner = { ...node('inner', sshd.port, user.name), jumpHost: 'bastion' };
    const h = harness([jump, inner], {
      passwords: { bastion: user.password, inner: user.password },
    });
    try {
      bastion.clearLog();
      const res = await h.remote('inner').exec('echo "$SSH_CONNECTION"');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(
        new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${sshd.port}\\n$`),
      );
      expect(bastion.log()).toMatch(
        new RegExp(
          `direct-tcpip.*127\\.0\\.0\\.1.*${sshd.port}|target 127\\.0\\.0\\.1 port ${sshd.port}`,
        ),
      );
      expect(h.questions.map((q) => q.key.fingerprint)).toEqual([
        bastion.hostFingerprint(),
        sshd.hostFingerprint(),
      ]);
    } finally {
      h.close();
    }
  });

  it('round-trips 1 MiB over SFTP with the same checksum (user file and root-only file)', async () => {
    const h = harness([node('f1', sshd.port, user.name)], { passwords: { f1: user.password } });
    const path = `/tmp/kubelab-sftp-${randomBytes(4).toString('hex')}`;
    try {
      const data = randomBytes(1024 * 1024);
      const r = h.remote('f1');
      await r.upload(path, data, 0o644);
      expect(sha(readFileSync(path))).toBe(sha(data));
      expect(sha(await r.download(path))).toBe(sha(data));
      await r.upload(`${path}.secret`, data, 0o600); // root-owned 0600: read back through sudo
      expect(sha(await r.download(`${path}.secret`))).toBe(sha(data));
    } finally {
      h.close();
      rmSync(path, { force: true });
      rmSync(`${path}.secret`, { force: true });
    }
  });
});
