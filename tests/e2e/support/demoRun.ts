import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * `npm run demo` as a newcomer runs it, on its own practice-lab instance so it never meets the
 * labs other tests bring up (integration tests use 9, the facts test 7). Instance 4 unless
 * KUBELAB_DEMO_TEST_INSTANCE says otherwise: namespaces klab4-*, bridge kubelab4, subnet
 * 172.31.246.0/24, state /run/kubelab-lab4.
 */
export const INSTANCE = process.env.KUBELAB_DEMO_TEST_INSTANCE ?? '4';

export interface DemoRun {
  url: string;
  output(): string;
  /**
   * Ctrl-C as a terminal sends it (SIGINT to the whole process group). Resolves to how npm ended:
   * npm re-raises the signal its script got, so a clean stop is `SIGINT` (or exit code 0).
   */
  interrupt(): Promise<string>;
  child: ChildProcess;
}

/** The unprivileged user the no-root demo runs as when the test itself is root (`nobody`). */
const NOBODY = 65534;

/**
 * Whether `nobody` can read this checkout (every parent directory searchable): a clone under a
 * root-only `mktemp -d` is not, and then the unprivileged run cannot start at all.
 */
export function nobodyCanReadRepo(): boolean {
  const probe = spawnSync('setpriv', [
    `--reuid=${NOBODY}`,
    `--regid=${NOBODY}`,
    '--clear-groups',
    'test',
    '-r',
    join(process.cwd(), 'package.json'),
  ]);
  return probe.status === 0;
}

/**
 * Lets `nobody` reach this checkout for as long as the test needs: every parent directory that
 * others cannot search (a clone under a root-only `mktemp -d`) gets o+x — search only, nothing
 * listed or written — and the returned function puts each mode back.
 */
export function letNobodyReachRepo(): () => void {
  const changed: { dir: string; mode: number }[] = [];
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      changed.push({ dir, mode });
    }
    if (dirname(dir) === dir) break;
  }
  return () => {
    for (const { dir, mode } of changed) chmodSync(dir, mode);
  };
}

/**
 * A private directory the demo may write (config, npm's cache); owned by `nobody` when the demo
 * runs unprivileged.
 */
function scratchDir(prefix: string, owner: number | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (owner !== undefined) chownSync(dir, owner, owner);
  return dir;
}

export async function startDemo(
  timeoutMs = 300_000,
  opts: { unprivileged?: boolean } = {},
): Promise<DemoRun> {
  // As root, "without root" is a real run as `nobody` (setpriv drops uid, gid and groups), so the
  // no-lab path is tested here too instead of being skipped.
  const dropTo = opts.unprivileged && isRootOnLinux() ? NOBODY : undefined;
  // `nobody` cannot write out/: bring the build up to date first, as the person who ran npm ci.
  if (dropTo !== undefined) spawnSync('node', ['scripts/ensure-build.mjs'], { stdio: 'ignore' });
  const npmArgs = ['run', '-s', 'demo', '--', '--ci', '--port', '0'];
  const [command, args] =
    dropTo === undefined
      ? ['npm', npmArgs]
      : [
          'setpriv',
          [`--reuid=${dropTo}`, `--regid=${dropTo}`, '--clear-groups', 'npm', ...npmArgs],
        ];
  // detached: the demo gets its own process group, like a shell job, so the test can Ctrl-C it.
  const child = spawn(command, args, {
    env: {
      ...process.env,
      LAB_INSTANCE: INSTANCE,
      KUBELAB_CONFIG_DIR: scratchDir('kubelab-demo-e2e-', dropTo),
      ...(dropTo === undefined ? {} : { HOME: scratchDir('kubelab-demo-home-', dropTo) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  const interrupt = async (): Promise<string> => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      process.kill(-child.pid, 'SIGINT');
    }
    return exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    // Too slow (a first build on a busy machine, say): stop it as Ctrl-C would, then fail, so a
    // failed start never leaves a lab behind for the next test.
    const timer = setTimeout(() => {
      void interrupt().then(() => reject(new Error(`demo printed no URL:\n${out}`)));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /kubelab is ready: (http:\/\/\S+\?token=\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`demo ended (${how}) before printing a URL:\n${out}`));
    });
  });
  return { url, child, output: () => out, interrupt };
}

/** What of this instance's lab is still on the machine: empty when it is all gone. */
export function labLeftovers(instance = INSTANCE): string[] {
  const found: string[] = [];
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  for (const line of netns.split('\n')) {
    if (line.startsWith(`klab${instance}-`)) found.push(`netns ${line.split(' ')[0]}`);
  }
  if (spawnSync('ip', ['link', 'show', `kubelab${instance}`]).status === 0) {
    found.push(`bridge kubelab${instance}`);
  }
  const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout;
  for (const line of links.split('\n')) {
    const name = line.split(': ')[1]?.split('@')[0];
    if (name?.startsWith(`klab${instance}-`)) found.push(`link ${name}`);
  }
  const state = `/run/kubelab-lab${instance}`;
  if (existsSync(state)) found.push(`state dir ${state}`);
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    if (line.includes(`${state}/`) || line.includes(`/run/netns/klab${instance}-`)) {
      found.push(`mount ${line.split(' ')[1]}`);
    }
  }
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // exited while we looked
    }
    if (cmdline.includes(`${state}/`)) found.push(`process ${pid}: ${cmdline.slice(0, 80)}`);
  }
  for (const file of [`lab${instance}.json`, `demo${instance}.json`]) {
    if (existsSync(join('/run/kubelab-practice', file))) found.push(`record ${file}`);
  }
  return found;
}

export function isRootOnLinux(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0;
}

export interface Proc {
  pid: number;
  start: string;
  what: string;
}

function procStart(pid: string): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * Every process of the running lab (each node holder and whatever shares its mount namespace:
 * sshd, kubelets, …) plus the demo's kubelab server, taken while it runs, so the test can check
 * afterwards that each of them — this exact process, not a reused pid — is gone.
 */
export function demoProcesses(instance = INSTANCE): Proc[] {
  const state = `/run/kubelab-lab${instance}`;
  const mntOf = (pid: string): string | undefined => {
    try {
      return readlinkSync(`/proc/${pid}/ns/mnt`);
    } catch {
      return undefined;
    }
  };
  const holders = readdirSync(join(state, 'nodes')).map((n) =>
    readFileSync(join(state, 'nodes', n, 'holder.pid'), 'utf8').trim(),
  );
  const namespaces = new Set(holders.map(mntOf).filter((m): m is string => m !== undefined));
  const found: Proc[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const mnt = mntOf(pid);
    const start = procStart(pid);
    if (mnt && start && namespaces.has(mnt)) found.push({ pid: Number(pid), start, what: 'lab' });
  }
  const record = JSON.parse(readFileSync(`/run/kubelab-practice/demo${instance}.json`, 'utf8')) as {
    servePid: number;
  };
  const serveStart = procStart(String(record.servePid));
  if (serveStart) found.push({ pid: record.servePid, start: serveStart, what: 'kubelab serve' });
  return found;
}

/** Those of `procs` still alive: same pid and start time, and not a zombie awaiting its reaper. */
export function stillRunning(procs: Proc[]): Proc[] {
  return procs.filter((p) => {
    if (procStart(String(p.pid)) !== p.start) return false;
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  });
}
