import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import lib from '../steps/scripts/lib.sh?raw';

/**
 * lib.sh's kl_etcd_file_tool (etcd-snapshot's status, etcd-restore's restore) asks the node
 * which tool reads a snapshot file, and etcd-restore asks the tool's --help for the revision
 * bump. Stand-ins print what the real tools print:
 * - `etcdctl version` of 3.5.10 ("etcdctl version: 3.5.10" / "API version: 3.5", quoted in
 *   https://github.com/kubernetes/website/issues/44216) and of 3.6.1 (quoted in
 *   https://github.com/deckhouse/deckhouse/pull/14018); etcdctl 3.6 has no snapshot
 *   status/restore (etcd PR #13809);
 * - etcdutl's `snapshot restore --help` with the flags of etcd PR #16029/#16165;
 * and Debian's real etcdctl 3.4.23 on this machine (the lab's).
 */
let bin = '';
beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'kl-etcd-tool-'));
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

function tool(name: string, body: string): void {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/bash\n${body}\n`);
  chmodSync(path, 0o755);
}

const ETCDUTL_HELP = `Flags:
      --bump-revision uint                   How much to increase the latest revision after restore
      --data-dir string                      Path to the output data directory
      --mark-compacted                       Mark the latest revision after restore as the point of scheduled compaction (required if --bump-revision > 0, disallowed otherwise)`;

const etcdctlVersion = (v: string): string =>
  `[[ $1 == version ]] && { echo "etcdctl version: ${v}"; echo "API version: ${v.replace(/\.\d+$/, '')}"; exit 0; }\nexit 1`;

function choose(): { code: number; tool: string; bump: boolean; stderr: string } {
  const r = spawnSync(
    '/bin/bash',
    [
      '-c',
      `${lib}\nkl_etcd_file_tool\nprintf '%s|' "$KL_ETCD_TOOL"\nif kl_etcd_file snapshot restore --help 2>&1 | grep -q -- --bump-revision; then echo bump; else echo none; fi`,
    ],
    { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' },
  );
  const [t = '', bump = ''] = r.stdout.trim().split('|');
  return { code: r.status ?? -1, tool: t, bump: bump === 'bump', stderr: r.stderr };
}

describe('the tool that reads a snapshot file, asked of the node', { timeout: 60_000 }, () => {
  it('etcdutl where installed, and its restore bumps the revision', () => {
    tool('etcdutl', `cat <<'HELP'\n${ETCDUTL_HELP}\nHELP`);
    tool('etcdctl', etcdctlVersion('3.6.1'));
    expect(choose()).toMatchObject({ code: 0, tool: 'etcdutl', bump: true });
  });

  it('etcdctl 3.5 without etcdutl: still etcdctl (deprecated there, not removed)', () => {
    tool('etcdctl', etcdctlVersion('3.5.10'));
    expect(choose()).toMatchObject({ code: 0, tool: 'etcdctl' });
  });

  it('etcdctl 3.6 without etcdutl: refused, naming etcdutl, before anything runs', () => {
    tool('etcdctl', etcdctlVersion('3.6.1'));
    const r = choose();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('etcdctl 3.6.1 has no snapshot commands');
    expect(r.stderr).toContain('install etcdutl 3.6.1');
  });

  // Debian's etcd-client is in .ci/run's apt list (the lab's etcdctl).
  it("Debian's real etcdctl 3.4 (the lab's): etcdctl, restored without the bump it lacks", () => {
    expect(choose()).toMatchObject({ code: 0, tool: 'etcdctl', bump: false });
  });
});
