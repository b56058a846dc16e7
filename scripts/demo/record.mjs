// The demo's own record of what it started (its pid and its kubelab server's), so a run after a
// crash can stop the server an earlier, killed demo left behind — by pid, after checking the pid
// still names that same process (start time from /proc), never by name.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function recordFile(instance = process.env.LAB_INSTANCE ?? '') {
  const dir =
    process.getuid?.() === 0
      ? '/run/kubelab-practice'
      : join(tmpdir(), `kubelab-demo-${process.getuid?.() ?? 'user'}`);
  return join(dir, `demo${instance}.json`);
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), or 0 where there is no /proc. */
export function startTime(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? 0);
  } catch {
    return 0;
  }
}

/** Is this exact process (pid and start time) still running? */
export function alive(pid, start) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  return !start || startTime(pid) === start;
}

export function readRecord(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeRecord(file, record) {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(record) + '\n', { mode: 0o600 });
}

export function removeRecord(file) {
  rmSync(file, { force: true });
}

/**
 * Stops the server a dead demo left running (SIGTERM: it takes its lab down itself) and waits
 * up to `ms` for it. Returns a line to print, or undefined when there was nothing to do.
 */
export async function stopLeftover(file, ms = 60_000) {
  const rec = readRecord(file);
  if (!rec) return undefined;
  if (alive(rec.demoPid, rec.demoStart)) {
    throw new Error(
      `another demo is running (pid ${rec.demoPid}${rec.url ? `, ${rec.url}` : ''}). ` +
        'Stop it with Ctrl-C, or run a second one on its own lab: LAB_INSTANCE=5 npm run demo',
    );
  }
  removeRecord(file);
  if (!rec.servePid || !alive(rec.servePid, rec.serveStart)) return undefined;
  process.kill(rec.servePid, 'SIGTERM');
  const until = Date.now() + ms;
  while (alive(rec.servePid, rec.serveStart) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
  }
  return `stopped the kubelab server (pid ${rec.servePid}) an earlier demo left running`;
}
