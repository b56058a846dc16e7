import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CRI_DOCKERD } from '../../../common/catalog/criDockerd';

/**
 * The practice lab's cri-dockerd (tests/lab/node/cri-dockerd.mjs) answers like Mirantis/cri-dockerd
 * v0.3.16: cmd/server.go's own flag parsing (pflag, ContinueOnError) with usage on stderr and a
 * logrus fatal line (exit 1), --version as "%s %s\n" of PlatformName and FullVersion().
 */
const SHIM = fileURLToPath(new URL('../../lab/node/cri-dockerd.mjs', import.meta.url));
const run = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [SHIM, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const FATAL = /^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" level=fatal msg="(.*)"$/m;

describe('lab cri-dockerd', () => {
  it('prints the version the catalog pins, as "cri-dockerd <version> (<commit>)"', () => {
    const r = run('--version');
    expect(r).toEqual({
      code: 0,
      stdout: `cri-dockerd ${CRI_DOCKERD.version} (${CRI_DOCKERD.commit})\n`,
      stderr: '',
    });
  });

  it('--help: the long description, then the usage with pflag-aligned flags and defaults', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'CRI that connects to the Docker Daemon',
      '',
      'Usage:',
      '  cri-dockerd [flags]',
      '',
      'Flags:',
    ]);
    // The usage column starts two spaces past the longest "--name type" (image-pull-progress-deadline).
    expect(r.stdout).toContain(
      '      --image-pull-progress-deadline duration  If no pulling progress is made before this deadline, the image pulling will be cancelled. (default 1m0s)\n',
    );
    expect(r.stdout).toContain(
      '      --network-plugin string                  The name of the network plugin to be invoked for various events in kubelet/pod lifecycle. (default "cni")\n',
    );
    expect(r.stdout).toContain(
      '  -h, --help                                   Help for cri-dockerd\n',
    );
    expect(r.stdout).toContain('(default "registry.k8s.io/pause:3.9")');
  });

  it('refuses an unknown flag with the usage and a fatal log line, exit 1', () => {
    const r = run('--network-plugin=cni', '--pod-infra-image=registry.k8s.io/pause:3.10');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('Usage:\n  cri-dockerd [flags]\n\nFlags:\n')).toBe(true);
    expect(FATAL.exec(r.stderr)?.[1]).toBe('unknown flag: --pod-infra-image');
  });

  it('refuses a positional argument, a missing value and an invalid hairpin mode', () => {
    expect(FATAL.exec(run('version').stderr)?.[1]).toBe('Unknown command: version');
    expect(FATAL.exec(run('--docker-endpoint').stderr)?.[1]).toBe(
      'flag needs an argument: --docker-endpoint',
    );
    expect(FATAL.exec(run('--hairpin-mode=veth').stderr)?.[1]).toBe(
      String.raw`invalid argument \"veth\" for \"--hairpin-mode\" flag: \"veth\" is not a valid hairpin-mode value, must be one of: [\"promiscuous-bridge\" \"hairpin-veth\" \"none\"]`,
    );
    expect(run('--log-level=loud').code).toBe(1);
  });

  it('takes the flags kubelab writes into its drop-in (parsing passes, then dockerd is dialled)', () => {
    const r = run(
      '--container-runtime-endpoint',
      'fd://',
      '--pod-infra-container-image=registry.k8s.io/pause:3.10.1',
      '--network-plugin=cni',
    );
    expect(r.stderr).toContain('level=info msg="Starting cri-dockerd 0.3.16 (7119864)"\n');
    expect(r.stderr).toContain(
      'level=info msg="Connecting to docker on the Endpoint unix:///var/run/docker.sock"\n',
    );
  });
});
