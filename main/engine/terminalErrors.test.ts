import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/model/appError';
import { changedKeyMessage } from '../ssh/hostKey';
import { runInstall } from './runner';
import { harness } from './testing/harness';

/**
 * Failures no retry can change (issue 14, defect 9): a changed host key, a refused unknown key,
 * wrong credentials. prepare-os allows 2 retries; these must stop the node after one attempt,
 * keep OpenSSH's wording, and leave the other nodes going.
 */
const pinned = {
  algorithm: 'ssh-ed25519',
  fingerprint: 'SHA256:pinnedpinnedpinnedpinnedpinnedpinnedpinned0',
};
const seen = {
  algorithm: 'ssh-ed25519',
  fingerprint: 'SHA256:swappedswappedswappedswappedswappedswapped0',
};
const hostKeyMessage = changedKeyMessage('10.0.0.12', 22, pinned, seen);

function failingOn(nodeId: string, code: string, message: string): ReturnType<typeof harness> {
  return harness((id) => ({
    rules:
      id === nodeId
        ? [
            {
              match: '# check:prepare-os',
              reply: () => {
                throw new AppError({ code, nodeId, message });
              },
            },
          ]
        : [],
  }));
}

describe('terminal SSH errors are not retried', () => {
  it('a changed host key stops that node after exactly one attempt, OpenSSH wording kept', async () => {
    const { opts, events, lab } = failingOn('worker1', 'host_key_changed', hostKeyMessage);
    const result = await runInstall(opts);
    const attempts = events.filter(
      (e) =>
        e.type === 'task-state' &&
        e.nodeId === 'worker1' &&
        e.stepId === 'prepare-os' &&
        e.status === 'running',
    );
    expect(attempts).toHaveLength(1);
    const checks = lab
      .remote('worker1')
      .calls.filter((c) => c.command.includes('# check:prepare-os'));
    expect(checks).toHaveLength(1);
    const w1 = result.nodes.find((n) => n.nodeId === 'worker1');
    expect(w1?.status).toBe('failed');
    const failed = events.find(
      (e) => e.type === 'task-state' && e.nodeId === 'worker1' && e.status === 'failed',
    );
    expect(failed?.type === 'task-state' && failed.error?.code).toBe('host_key_changed');
    expect(failed?.type === 'task-state' && failed.error?.message).toContain(
      'WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!',
    );
    expect(failed?.type === 'task-state' && failed.error?.message).toContain(
      'Host key verification failed.',
    );
    expect(events.some((e) => e.type === 'log' && /retrying/.test(e.chunk))).toBe(false);
    // The other nodes go on to the end.
    expect(result.nodes.find((n) => n.nodeId === 'worker2')?.status).toBe('done');
    expect(result.nodes.find((n) => n.nodeId === 'master1')?.status).toBe('done');
  });

  it.each([
    ['host_key_unknown', "The authenticity of host '10.0.0.12' can't be established."],
    ['auth_failed', 'Authentication failed for root@10.0.0.12:22.'],
    ['sudo_password_wrong', 'sudo on worker1 refused the stored password.'],
  ])('%s is attempted once', async (code, message) => {
    const { opts, lab } = failingOn('worker1', code, message);
    const result = await runInstall(opts);
    expect(
      lab.remote('worker1').calls.filter((c) => c.command.includes('# check:prepare-os')),
    ).toHaveLength(1);
    expect(result.nodes.find((n) => n.nodeId === 'worker1')?.status).toBe('failed');
  });

  it('a dropped link is still retried', async () => {
    const { opts, lab } = failingOn('worker1', 'connection_lost', 'Connection lost.');
    await runInstall(opts);
    expect(
      lab.remote('worker1').calls.filter((c) => c.command.includes('# check:prepare-os')),
    ).toHaveLength(3);
  });
});
