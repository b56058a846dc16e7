// The kube-packages step's resolver (lib.sh kl_available / kl_pick_version / kl_resolve) against
// the package managers' real output formats: `apt-cache madison kubeadm` on pkgs.k8s.io v1.29
// (1.29.4 published as -2.1 next to -1.1 patches) and `dnf list --showduplicates kubeadm`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = readFileSync(join(import.meta.dirname, 'scripts', 'lib.sh'), 'utf8');

// Published transcript (pkgs.k8s.io, 2024): columns as apt-cache madison prints them.
const MADISON = [
  '   kubeadm | 1.29.5-1.1 | https://pkgs.k8s.io/core:/stable:/v1.29/deb  Packages',
  '   kubeadm | 1.29.4-2.1 | https://pkgs.k8s.io/core:/stable:/v1.29/deb  Packages',
  '   kubeadm | 1.29.3-1.1 | https://pkgs.k8s.io/core:/stable:/v1.29/deb  Packages',
  '   kubeadm | 1.29.2-1.1 | https://pkgs.k8s.io/core:/stable:/v1.29/deb  Packages',
].join('\n');

// dnf lists oldest first, with a header line.
const DNF = [
  'Available Packages',
  'kubeadm.x86_64                    1.29.2-150500.1.1                   kubernetes',
  'kubeadm.x86_64                    1.29.3-150500.1.1                   kubernetes',
  'kubeadm.x86_64                    1.29.4-150500.2.1                   kubernetes',
  'kubeadm.x86_64                    1.29.5-150500.1.1                   kubernetes',
].join('\n');

function run(family: 'deb' | 'rpm', body: string): { code: number; out: string; err: string } {
  const fakes = `
kl_family() { echo ${family}; }
kl_dnf() { echo dnf; }
apt-cache() { [[ $1 == madison && $2 == kubeadm ]] && printf '%s\\n' "$MADISON"; }
dnf() { [[ " $* " == *" kubeadm "* ]] && printf '%s\\n' "$DNF"; }
`;
  // stdin a pipe: bash run with a socket on stdin (as under sshd) would read ~/.bashrc.
  const r = spawnSync('bash', ['-c', `set -euo pipefail\n${LIB}\n${fakes}\n${body}`], {
    input: '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', MADISON, DNF },
  });
  // Only the script's own lines: a host's shell start-up noise is not the script's output.
  const err = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('[kubelab]'))
    .join('\n');
  return { code: r.status ?? -1, out: r.stdout.trim(), err };
}

describe('resolving package strings from the repository', { timeout: 60_000 }, () => {
  it('pins the revision the deb repository publishes (-2.1 for 1.29.4, -1.1 beside it)', () => {
    expect(run('deb', 'kl_resolve kubeadm 1.29.4 R').out).toBe('1.29.4-2.1');
    expect(run('deb', 'kl_resolve kubeadm 1.29.3 R').out).toBe('1.29.3-1.1');
  });

  it('pins the rpm release the repository publishes (150500.2.1 for 1.29.4)', () => {
    expect(run('rpm', 'kl_resolve kubeadm 1.29.4 R').out).toBe('1.29.4-150500.2.1');
    expect(run('rpm', 'kl_available kubeadm | head -1').out).toBe('1.29.5-150500.1.1');
  });

  it('does not take 1.29.40 or 1.29.4 of another package for 1.29.4', () => {
    expect(run('deb', "printf '1.29.40-1.1\\n1.29.4-2.1\\n' | kl_pick_version 1.29.4").out).toBe(
      '1.29.4-2.1',
    );
    expect(run('deb', 'kl_resolve kubelet 1.29.4 R').code).not.toBe(0);
  });

  it('fails naming the repository, the version and the nearest ones when it lacks the version', () => {
    const r = run('deb', 'kl_resolve kubeadm 1.29.9 https://pkgs.k8s.io/core:/stable:/v1.29/deb/');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      '[kubelab] error: https://pkgs.k8s.io/core:/stable:/v1.29/deb/ has no kubeadm 1.29.9; ' +
        'nearest available: 1.29.5-1.1, 1.29.4-2.1, 1.29.3-1.1',
    );
    const none = run('rpm', 'kl_resolve kubelet 1.29.4 https://mirror/rpm/');
    expect(none.err).toBe(
      '[kubelab] error: https://mirror/rpm/ offers no kubelet package at all (wanted 1.29.4)',
    );
  });

  it('reads Docker’s epoch and distribution suffixes as the upstream version', () => {
    const list = "'5:24.0.7-1~ubuntu.22.04~jammy\\n5:20.10.24~3-0~ubuntu-jammy\\n'";
    expect(run('deb', `printf ${list} | kl_pick_version 20.10.24`).out).toBe(
      '5:20.10.24~3-0~ubuntu-jammy',
    );
    expect(run('rpm', "printf '3:24.0.7-1.el9\\n' | kl_pick_version 24.0.7").out).toBe(
      '3:24.0.7-1.el9',
    );
  });

  it('picks the newest runtime within a cap: a Docker series, or below containerd 2.0', () => {
    const docker =
      "'5:24.0.7-1~ubuntu.20.04~focal\\n5:20.10.24~3-0~ubuntu-focal\\n5:19.03.15~3-0~ubuntu-focal\\n'";
    expect(run('deb', `printf ${docker} | kl_pick_capped 19.03 ''`).out).toBe(
      '5:19.03.15~3-0~ubuntu-focal',
    );
    expect(run('deb', `printf ${docker} | kl_pick_capped 18.09 ''`).out).toBe('');
    const containerd = "'2.1.4-1\\n1.7.27-1\\n1.6.28-1\\n'";
    expect(run('deb', `printf ${containerd} | kl_pick_capped '' 2.0`).out).toBe('1.7.27-1');
    expect(run('deb', `printf ${containerd} | kl_pick_capped '' ''`).out).toBe('2.1.4-1');
  });
});
