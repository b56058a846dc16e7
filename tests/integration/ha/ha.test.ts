// Issue 19 on the practice lab: `kubelab apply` of the HA scenario (tests/lab/scenarios/ha.yaml:
// three control planes behind Debian's real haproxy + keepalived, two workers) on its own lab
// instance (17, HA_LAB_INSTANCE). Then the cluster is read through the VIP with the lab kubectl,
// and the VIP holder's link is cut: keepalived's VRRP moves the VIP to another control plane and
// the API still answers through it (the remaining two etcd members keep quorum). Needs root.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..', '..');
const LAB_SH = join(REPO, 'tests', 'lab', 'lab.sh');
/** Its own build directory, so other suites' CLI builds may run alongside. */
const OUT = join(REPO, 'node_modules', '.cache', 'kubelab-it-ha');
const CLI = join(OUT, 'cli.cjs');
const LAB_ENV = { ...process.env, LAB_INSTANCE: process.env.HA_LAB_INSTANCE ?? '17' };
const CONTROL_PLANES = ['master1', 'master2', 'master3'];
/** The plan's VIP: lab.sh project puts it on the subnet's .100 (scenarios/ha.yaml vipHost). */
const VIP_SUFFIX = '.100';

const root = mkdtempSync(join(tmpdir(), 'kubelab-ha-it-'));
const dir = join(root, 'project');
const project = join(dir, 'kubelab.yaml');
const env = { ...process.env, KUBELAB_CONFIG_DIR: join(root, 'config') };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Result {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const lab = (...args: string[]): Result => run('bash', [LAB_SH, ...args], { env: LAB_ENV });
const kubelab = (...args: string[]): Result => run('node', [CLI, ...args], { env, cwd: dir });
const onNode = (node: string, command: string): Result => lab('exec', node, 'bash', '-c', command);

let vip = '';

/** The control plane whose eth0 holds the VIP (keepalived adds it as a /32), if any. */
function vipHolders(): string[] {
  return CONTROL_PLANES.filter((n) =>
    onNode(n, 'ip -4 -o addr show dev eth0').stdout.includes(`inet ${vip}/`),
  );
}

/** The lab kubectl with a control plane's admin.conf, whose server is the VIP (controlPlaneEndpoint). */
const kubectl = (node: string, args: string): Result =>
  onNode(node, `kubectl --kubeconfig /etc/kubernetes/admin.conf --request-timeout=10s ${args}`);

async function eventually<T>(
  what: string,
  seconds: number,
  probe: () => T | undefined,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  const build = run(
    'npx',
    ['vite', 'build', '-c', 'tests/integration/install/vite.cli.config.ts'],
    {
      env: { ...process.env, KUBELAB_IT_OUT: OUT },
      cwd: REPO,
    },
  );
  if (build.code !== 0)
    throw new Error(`building the CLI failed:\n${build.stdout}\n${build.stderr}`);
  lab('down');
  const up = lab('up', 'ha');
  if (up.code !== 0) throw new Error(`lab up ha failed: ${up.stderr}`);
  const text = lab('project').stdout;
  writeFileSync(project, text);
  vip = /vip: "([\d.]+)"/.exec(text)?.[1] ?? '';
}, 300_000);

afterAll(() => {
  expect(lab('down').code).toBe(0);
  rmSync(root, { recursive: true, force: true });
});

describe('HA control plane: haproxy + keepalived, stacked etcd', () => {
  it('preflight blocks a VIP that another machine on the network already answers', () => {
    // The lab host takes the VIP on the lab bridge, as a stray machine on the LAN would; the
    // control plane's ping/TCP/ARP probe (main/preflight/scripts/vip.sh) finds it answered.
    const bridge = `kubelab${LAB_ENV.LAB_INSTANCE}`;
    const add = run('ip', ['addr', 'add', `${vip}/32`, 'dev', bridge]);
    expect(add.code, add.stderr).toBe(0);
    try {
      const pf = kubelab('preflight', '-f', project, '--no-matrix', '--accept-new-host-keys');
      expect(pf.code, `${pf.stdout}\n${pf.stderr}`).toBe(3);
      expect(pf.stdout).toMatch(
        /FAIL vip-free\s+master\d\s+The VIP [\d.]+ is already answered by a machine on the network/,
      );
      // The host answers all three probes; ARP answers even where a firewall drops ping and TCP.
      expect(pf.stdout).toContain('arp: answered by ');
    } finally {
      run('ip', ['addr', 'del', `${vip}/32`, 'dev', bridge]);
    }
  }, 120_000);

  it('installs 3 control planes and 2 workers, all Ready through the VIP', () => {
    expect(vip.endsWith(VIP_SUFFIX)).toBe(true);
    const apply = kubelab('apply', '-f', project, '--accept-new-host-keys');
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    // The certificate key never reaches the CLI's output: only the engine's placeholder does.
    expect(apply.stdout + apply.stderr).not.toMatch(/certificate-key [0-9a-f]{64}/);
    expect(onNode('master2', 'grep server: /etc/kubernetes/admin.conf').stdout).toContain(
      `https://${vip}:8443`,
    );
    const nodes = kubectl('master2', 'get nodes --no-headers');
    expect(nodes.code, nodes.stderr).toBe(0);
    const ready = nodes.stdout
      .trim()
      .split('\n')
      .filter((l) => / Ready /.test(l))
      .map((l) => l.split(/\s+/)[0]);
    expect(ready.sort()).toEqual(['master1', 'master2', 'master3', 'node1', 'node2']);
    // Each further control plane runs its own API server and etcd member (real etcdctl).
    const members = onNode(
      'master1',
      'ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key member list',
    );
    expect(members.code, members.stderr).toBe(0);
    for (const n of CONTROL_PLANES) expect(members.stdout).toContain(`, started, ${n}, `);
    // Exactly one control plane holds the VIP.
    expect(vipHolders()).toHaveLength(1);
  }, 600_000);

  it('re-uploads the control-plane certificates when kubeadm-certs has expired (clock moved 3 h)', async () => {
    // master3 leaves the cluster as a reset machine does: its etcd member removed, its Node
    // deleted, kubeadm reset on it. Then the control planes' clocks move 3 h ahead: the
    // upload's 2 h token has expired, so the lab's token cleaner + garbage collector remove
    // kubeadm-certs when it is next read (tests/lab/node/apiserver.mjs), as a real cluster would.
    const etcdctl =
      'ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key';
    const before = onNode('master1', `${etcdctl} member list`);
    const id = before.stdout
      .split('\n')
      .find((l) => l.includes(', master3, '))
      ?.split(',')[0];
    expect(id, before.stdout + before.stderr).toMatch(/^[0-9a-f]+$/);
    // etcd's strict reconfig check refuses a removal until the remaining members have been
    // connected for HealthInterval (5 s; server/etcdserver/server.go isConnectedFullySince,
    // errors.go ErrNotEnoughStartedMembers "re-configuration failed due to not enough started
    // members"), which a fast install right before can still be inside: retry for a while.
    let removal: Result | undefined;
    await eventually('etcd to accept removing master3', 30, () => {
      removal = onNode('master1', `${etcdctl} member remove ${id ?? ''}`);
      return removal.code === 0 ? true : undefined;
    }).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${removal?.stdout ?? ''}${removal?.stderr ?? ''}`);
    });
    expect(kubectl('master1', 'delete node master3').code).toBe(0);
    expect(onNode('master3', 'kubeadm reset -f').code).toBe(0);
    const skew = (seconds: number): void => {
      for (const n of CONTROL_PLANES) {
        const r = onNode(
          n,
          `mkdir -p /var/lib/lab-node && echo ${seconds} > /var/lib/lab-node/clock_skew`,
        );
        expect(r.code, r.stderr).toBe(0);
      }
    };
    skew(3 * 3600);
    try {
      const apply = kubelab('apply', '-f', project);
      expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
      expect(apply.stdout + apply.stderr).toContain(
        'notice: the control-plane certificates were uploaded again',
      );
      // The new key stays root-only on master1 and never reaches the CLI's output.
      const key = onNode('master1', 'cat /etc/kubernetes/kubelab/certificate-key').stdout.trim();
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(apply.stdout + apply.stderr).not.toContain(key);
      const after = onNode('master1', `${etcdctl} member list`);
      expect(after.stdout).toContain(', started, master3, ');
      expect(kubectl('master1', 'get node master3 --no-headers').code).toBe(0);
    } finally {
      skew(0);
    }
  }, 300_000);

  it('kubelab ha-failover: the holder stops keepalived, the VIP moves, the API answers, keepalived runs again', () => {
    // kubelab's own failover test (the ha-failover-test operation through the CLI), not the
    // lab's fault tool: the holder's keepalived stopped, another control plane takes the VIP.
    const [before] = vipHolders();
    expect(before).toBeDefined();
    const test = kubelab('ha-failover', '-f', project, '--yes');
    expect(test.code, `${test.stdout}\n${test.stderr}`).toBe(0);
    const m =
      /failover test succeeded: the VIP moved from (\S+) to (\S+) in [\d.]+ s; the API answered through it after [\d.]+ s; the holder was put back/.exec(
        test.stdout,
      );
    expect(m, test.stdout).not.toBeNull();
    expect(m?.[1]).toBe(before);
    expect(CONTROL_PLANES.filter((n) => n !== before)).toContain(m?.[2]);
    // The old holder's keepalived (Debian's real daemon) runs again.
    const active = onNode(before ?? '', 'systemctl is-active keepalived');
    expect(active.stdout.trim(), active.stderr).toBe('active');
    // The report's HA section shows that result.
    const md = join(root, 'report.md');
    const report = kubelab('report', '-f', project, '--format', 'md', '-o', md);
    expect(report.code, `${report.stdout}\n${report.stderr}`).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(
      new RegExp(
        `\\| Last failover test \\| succeeded \\(.+\\): the VIP moved from ${before ?? ''} to ${m?.[2] ?? ''} in `,
      ),
    );
  }, 240_000);

  it('fails over: the VIP holder’s link cut, the VIP moves and the API answers through it', async () => {
    const [holder] = vipHolders();
    expect(holder).toBeDefined();
    const others = CONTROL_PLANES.filter((n) => n !== holder);
    expect(lab('fault', holder ?? '', 'link-down').code).toBe(0);
    const next = await eventually('the VIP on another control plane', 30, () =>
      others.find((n) => onNode(n, 'ip -4 -o addr show dev eth0').stdout.includes(`inet ${vip}/`)),
    );
    expect(others).toContain(next);
    const asker = others.find((n) => n !== next) ?? next;
    const answer = await eventually('the API through the VIP', 60, () => {
      const r = kubectl(asker, 'get --raw /readyz');
      return r.code === 0 && r.stdout.trim() === 'ok' ? r.stdout.trim() : undefined;
    });
    expect(answer).toBe('ok');
    const nodes = kubectl(asker, 'get nodes -o name');
    expect(nodes.code, nodes.stderr).toBe(0);
    expect(nodes.stdout).toContain('node/master1');
  }, 180_000);
});
