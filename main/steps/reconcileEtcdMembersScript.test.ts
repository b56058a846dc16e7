import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeScript } from './scriptStep';

/**
 * reconcile-etcd-members.sh against a stand-in etcdctl that prints what Debian's etcdctl 3.4.23
 * prints (tests/fixtures/real/etcd/member-list-unstarted-3.4.23.txt: `member list` rows "<hex id>,
 * <started|unstarted>, <name>, <peer urls>, <client urls>, false"; endpoint-health-no-quorum:
 * "<url> is healthy: …" / "<url> is unhealthy: …", on stderr — endpoint-health-3.4.23.txt —
 * exit 1 when one is unhealthy).
 */
const script = composeScript(
  readFileSync(join(import.meta.dirname, 'scripts', 'reconcile-etcd-members.sh'), 'utf8'),
);
const FIXTURES = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'real', 'etcd');
let dir = '';

const FAKE_ETCDCTL = `#!/bin/bash
args="$*"
case $args in
  *"member list"*) cat "$FAKE/members" ;;
  *"endpoint health"*) cat "$FAKE/health" >&2; ! grep -q unhealthy "$FAKE/health" || { echo "Error: unhealthy cluster" >&2; exit 1; } ;;
  *"member remove"*) id=\${args##* }; grep -v "^$id, " "$FAKE/members" >"$FAKE/m2"; mv "$FAKE/m2" "$FAKE/members"; echo "Member $id removed from cluster 1c45a069f3a1d796"; echo "$id" >>"$FAKE/removed" ;;
  *) exit 2 ;;
esac
`;

const ip = (n: number): string => `192.168.100.${110 + n}`;
const ids = ['8211f1d0f64f3269', '91bc3c398fb3c146', 'fd422379fda50e48', '554583c42415b2f9'];
const CONTROL_PLANES = [1, 2, 3].map(ip).join(' ');

interface Member {
  n: number;
  answers: boolean;
  unstarted?: boolean;
}

function etcd(members: Member[]): void {
  const rows = members.map(({ n, unstarted }) =>
    unstarted
      ? `${ids[n - 1]}, unstarted, , https://${ip(n)}:2380, , false`
      : `${ids[n - 1]}, started, master${n}, https://${ip(n)}:2380, https://${ip(n)}:2379, false`,
  );
  const health = members
    .filter((m) => !m.unstarted)
    .map(({ n, answers }) =>
      answers
        ? `https://${ip(n)}:2379 is healthy: successfully committed proposal: took = 2.513011ms`
        : `https://${ip(n)}:2379 is unhealthy: failed to commit proposal: context deadline exceeded`,
    );
  writeFileSync(join(dir, 'members'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'health'), `${health.join('\n')}\n`);
  rmSync(join(dir, 'removed'), { force: true });
}

function run(mode: 'check' | 'apply', joining: number[], confirm: boolean) {
  const r = spawnSync('bash', ['-c', script], {
    env: {
      PATH: `${dir}:${process.env.PATH ?? ''}`,
      FAKE: dir,
      KL_MODE: mode,
      KL_STEP: 'reconcile-etcd-members',
      JOINING_IPS: joining.map(ip).join(' '),
      CONTROL_PLANE_IPS: CONTROL_PLANES,
      REMOVE_STALE: confirm ? '1' : '0',
    },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const removed = (): string[] => {
  try {
    return readFileSync(join(dir, 'removed'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-etcd-reconcile-'));
  writeFileSync(join(dir, 'etcdctl'), FAKE_ETCDCTL);
  chmodSync(join(dir, 'etcdctl'), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reconcile-etcd-members', { timeout: 60_000 }, () => {
  it('reads the real etcdctl 3.4.23 row format the stand-in prints', () => {
    const real = readFileSync(join(FIXTURES, 'member-list-unstarted-3.4.23.txt'), 'utf8');
    expect(real).toMatch(/^[0-9a-f]{16}, unstarted, , http:\/\/[\d.]+:2380, , false$/m);
    expect(real).toMatch(/^[0-9a-f]{16}, started, m1, http:\/\/\S+, http:\/\/\S+, false$/m);
    // What the stand-in prints on stderr, as etcdctl 3.4.23 does (its stdout stays empty).
    const health = readFileSync(join(FIXTURES, 'endpoint-health-3.4.23.txt'), 'utf8');
    expect(health).toMatch(/^http:\/\/\S+ is healthy: successfully committed proposal: took = /m);
  });

  it('every member answers: done, nothing removed', () => {
    etcd([1, 2, 3].map((n) => ({ n, answers: true })));
    expect(run('check', [3], false).code).toBe(0);
  });

  it('the joining machine was reset: its dead member is shown and, unconfirmed, kept', () => {
    etcd([
      { n: 1, answers: true },
      { n: 2, answers: true },
      { n: 3, answers: false },
    ]);
    const check = run('check', [3], false);
    expect(check.code).toBe(100);
    expect(check.err).toContain(`etcd member ${ids[2]} master3 at https://${ip(3)}:2380`);
    const apply = run('apply', [3], false);
    expect(apply.code).toBe(1);
    expect(apply.err).toContain('--remove-stale-etcd-members');
    expect(removed()).toEqual([]);
  });

  it('confirmed: the stale member is removed, the healthy ones stay', () => {
    etcd([
      { n: 1, answers: true },
      { n: 2, answers: true },
      { n: 3, answers: false },
    ]);
    const apply = run('apply', [3], true);
    expect(apply.code, apply.err).toBe(0);
    expect(removed()).toEqual([ids[2]]);
  });

  it('a member that never started (a join that died) on a lost machine outside the plan is stale', () => {
    etcd([
      { n: 1, answers: true },
      { n: 2, answers: true },
      { n: 3, answers: true },
      { n: 4, answers: false, unstarted: true },
    ]);
    const apply = run('apply', [2], true);
    expect(apply.code, apply.err).toBe(0);
    expect(apply.out).toContain('(never started)');
    expect(removed()).toEqual([ids[3]]);
  });

  it('a dead member of a control plane that is not joining is left alone (it may come back)', () => {
    etcd([
      { n: 1, answers: true },
      { n: 2, answers: false },
      { n: 3, answers: true },
    ]);
    expect(run('check', [3], true).code).toBe(0);
  });

  it('never removes a member that answers, even on the joining machine', () => {
    etcd([1, 2, 3].map((n) => ({ n, answers: true })));
    expect(run('apply', [3], true).code).toBe(0);
    expect(removed()).toEqual([]);
  });

  it('without quorum nothing is removed and the error says how many answer', () => {
    etcd([
      { n: 1, answers: true },
      { n: 2, answers: false },
      { n: 3, answers: false },
    ]);
    const apply = run('apply', [2, 3], true);
    expect(apply.code).toBe(1);
    expect(apply.err).toContain('1 of its 3 members answer');
    expect(removed()).toEqual([]);
  });
});
