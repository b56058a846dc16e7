import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESTORE_SCRIPT, RESTORE_TOOL } from './restoreScripts';

/**
 * The restore's choice of tool and flags, run by bash against stand-in tools whose
 * `snapshot restore --help` lists the flags as etcd's do: etcdutl 3.6 / 3.5 with the backport
 * ("--bump-revision uint  How much to increase the latest revision after restore", etcd PR
 * #16165) and Debian's etcdctl 3.4.23, which has none.
 */
let bin = '';
beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'kl-restore-tool-'));
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

function tool(name: string, help: string): void {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/bash\ncat <<'HELP'\n${help}\nHELP\n`);
  chmodSync(path, 0o755);
}

const BUMP_HELP = `Flags:
      --bump-revision uint                   How much to increase the latest revision after restore
      --data-dir string                      Path to the output data directory
      --mark-compacted                       Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)`;
const OLD_HELP = `OPTIONS:
      --data-dir=""                              Path to the data directory
      --name="default"                           Human-readable name for this member`;

function choose(): { tool: string; bump: string } {
  const r = spawnSync('/bin/bash', ['-c', `${RESTORE_TOOL}printf '%s|%s' "$KL_TOOL" "$KL_BUMP"`], {
    env: { PATH: `${bin}:/usr/bin:/bin` },
    encoding: 'utf8',
  });
  const [t = '', bump = ''] = r.stdout.split('|');
  return { tool: t, bump };
}

describe('the restore tool and its revision bump', { timeout: 60_000 }, () => {
  it('etcdutl whose restore takes the flags: bump the revision and mark it compacted', () => {
    tool('etcdutl', BUMP_HELP);
    tool('etcdctl', OLD_HELP);
    expect(choose()).toEqual({
      tool: 'etcdutl',
      bump: '--bump-revision 1000000000 --mark-compacted',
    });
  });

  it('etcdctl 3.4 without etcdutl: restored without flags it does not know', () => {
    tool('etcdctl', OLD_HELP);
    expect(choose()).toEqual({ tool: 'etcdctl', bump: '' });
  });

  it('the restore passes them to the restore command', () => {
    expect(RESTORE_SCRIPT).toContain(RESTORE_TOOL);
    expect(RESTORE_SCRIPT).toMatch(/tool snapshot restore [^\n]*\n[^\n]*\$KL_BUMP >&2/);
  });
});
