import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeScript } from './scriptStep';

/**
 * remove-etcd-member.sh's quorum check, run by bash against a stand-in etcdctl that prints what
 * etcd 3.4's does: `member list` rows "<id>, started, <name>, <peer url>, <client url>, false"
 * and `endpoint health --cluster` lines "<url> is healthy: successfully committed proposal: took
 * = …" / "<url> is unhealthy: failed to commit proposal: context deadline exceeded", on stderr as
 * Debian's 3.4.23 prints them (tests/fixtures/real/etcd/endpoint-health-3.4.23.txt), exit 1 when
 * one is unhealthy (etcd v3.4 etcdctl/ctlv3/command/member_command.go, ep_command.go).
 */
const script = composeScript(
  readFileSync(join(import.meta.dirname, 'scripts', 'remove-etcd-member.sh'), 'utf8'),
);
let dir = '';

const FAKE_ETCDCTL = `#!/bin/bash
args="$*"
case $args in
  *"member list"*) cat "$FAKE/members" ;;
  *"endpoint health"*) cat "$FAKE/health" >&2; ! grep -q unhealthy "$FAKE/health" || { echo "Error: unhealthy cluster" >&2; exit 1; } ;;
  *"member remove"*) id=\${args##* }; grep -v "^$id, " "$FAKE/members" >"$FAKE/m2"; mv "$FAKE/m2" "$FAKE/members"; echo "Member $id removed from cluster 1c45a069f3a1d796" ;;
  *) exit 2 ;;
esac
`;

const ips = ['192.168.100.111', '192.168.100.112', '192.168.100.113'];

/** Three members; `dead` lists the addresses that do not answer. */
function cluster(dead: string[]): void {
  const ids = ['8211f1d0f64f3269', '91bc3c398fb3c146', 'fd422379fda50e48'];
  const members = ips.map(
    (ip, i) => `${ids[i]}, started, master${i + 1}, https://${ip}:2380, https://${ip}:2379, false`,
  );
  const health = ips.map((ip) =>
    dead.includes(ip)
      ? `https://${ip}:2379 is unhealthy: failed to commit proposal: context deadline exceeded`
      : `https://${ip}:2379 is healthy: successfully committed proposal: took = 2.513011ms`,
  );
  writeFileSync(join(dir, 'members'), `${members.join('\n')}\n`);
  writeFileSync(join(dir, 'health'), `${health.join('\n')}\n`);
}

function apply(target: string, confirm: boolean): { code: number | null; stderr: string } {
  const r = spawnSync('bash', ['-c', script], {
    env: {
      PATH: `${dir}:${process.env.PATH ?? ''}`,
      FAKE: dir,
      KL_MODE: 'apply',
      KL_STEP: 'remove-etcd-member',
      TARGET_IP: target,
      CONFIRM_QUORUM_LOSS: confirm ? '1' : '0',
    },
    encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr };
}

const members = (): string => readFileSync(join(dir, 'members'), 'utf8');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kl-etcd-member-'));
  writeFileSync(join(dir, 'etcdctl'), FAKE_ETCDCTL);
  chmodSync(join(dir, 'etcdctl'), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each case spawns bash and the stand-in several times: over 5 s on a loaded machine.
describe('remove-etcd-member quorum check', { timeout: 60_000 }, () => {
  it('three answering members: the member is removed', () => {
    cluster([]);
    const r = apply(ips[1] ?? '', false);
    expect(r.code, r.stderr).toBe(0);
    expect(members()).not.toContain(`https://${ips[1]}:2380`);
  });

  it('the dead member itself is removed: the two left answer', () => {
    cluster([ips[2] ?? '']);
    expect(apply(ips[2] ?? '', false).code).toBe(0);
    expect(members()).not.toContain(`https://${ips[2]}:2380`);
  });

  it('another member dead: removing a live one is refused, nothing removed, the flag named', () => {
    cluster([ips[2] ?? '']);
    const r = apply(ips[1] ?? '', false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/breaks etcd quorum: 1 of the 2 members left.*--force-quorum-loss/);
    expect(members()).toContain(`https://${ips[1]}:2380`);
  });

  it('the same removal once confirmed goes ahead', () => {
    cluster([ips[2] ?? '']);
    expect(apply(ips[1] ?? '', true).code).toBe(0);
    expect(members()).not.toContain(`https://${ips[1]}:2380`);
  });
});
