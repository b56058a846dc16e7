import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { guidePlan } from '../../common/plan/presets';
import { renderJoinConfig } from '../../common/plan/joinConfig';
import { composeScript } from './scriptStep';

const TOKEN = 'k8slab.0123456789abcdef';
const config = renderJoinConfig(guidePlan(), {
  endpoint: '192.168.100.111:6443',
  token: TOKEN,
  caCertHash: `sha256:${'a1'.repeat(32)}`,
});

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/**
 * Runs lib.sh's kl_join with a fake `kubeadm` that records what it was given: its arguments, its
 * environment, the file it was pointed at (content and modes) — as seen while it runs.
 */
function runJoin(exitCode: number): { code: number; out: string; seen: string; stdout: string } {
  const out = mkdtempSync(join(tmpdir(), 'kubelab-join-'));
  dirs.push(out);
  const fake = join(out, 'kubeadm');
  writeFileSync(
    fake,
    `#!/bin/bash
printf '%s\\n' "$*" > "$OUT/args"
f=$3
cp "$f" "$OUT/config"
{ stat -c '%a' "$f"; stat -c '%a' "$(dirname "$f")"; echo "$f"; } > "$OUT/modes"
env > "$OUT/env"
exit $FAKE_RC
`,
  );
  chmodSync(fake, 0o755);
  const r = spawnSync('bash', ['-c', `${composeScript('')}\nkl_join`], {
    encoding: 'utf8',
    env: {
      PATH: `${out}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      OUT: out,
      FAKE_RC: String(exitCode),
      JOIN_CONFIG: config,
      JOIN_ENDPOINT: '192.168.100.111:6443',
      JOIN_CA_HASH: `sha256:${'a1'.repeat(32)}`,
    },
  });
  return {
    code: r.status ?? -1,
    out,
    seen: readFileSync(join(out, 'modes'), 'utf8'),
    stdout: r.stdout,
  };
}

describe('kl_join (join-node, add-node)', () => {
  it.each([0, 1])(
    'passes the token only in a root-only file, removed afterwards (kubeadm exits %i)',
    (rc) => {
      const { code, out, seen, stdout } = runJoin(rc);
      expect(code).toBe(rc);
      const args = readFileSync(join(out, 'args'), 'utf8').trim();
      expect(args).toMatch(/^join --config \/run\/kubelab-join\.[A-Za-z0-9]+\/join\.yaml$/);
      expect(args).not.toContain(TOKEN);
      expect(readFileSync(join(out, 'config'), 'utf8')).toBe(`${config}\n`);
      const [fileMode, dirMode, path] = seen.trim().split('\n');
      expect(fileMode).toBe('600');
      expect(dirMode).toBe('700');
      expect(existsSync(path ?? '/')).toBe(false);
      expect(readFileSync(join(out, 'env'), 'utf8')).not.toContain(TOKEN);
      expect(stdout).not.toContain(TOKEN);
      expect(stdout).toContain('kubeadm join --config');
    },
    // bash, a fake kubeadm, cp and stat: slow only on a loaded machine.
    30_000,
  );
});
