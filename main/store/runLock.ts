import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { AppError } from '../../common/model/appError';
import { recordRunOrigin } from './runOrigins';

/**
 * One run per project at a time, across processes and faces (issue 14, defect 5): a lock file
 * beside the project (`kubelab.yaml.lock`) says who runs what. Two `kubelab apply` started
 * together, or an apply and the web host's Install button, would otherwise drive the same run
 * and run package steps concurrently on the same machines (dpkg lock failures, a corrupted state).
 *
 * Created atomically and complete: the record is written to a private temp file first and then
 * hard-linked to the lock path, which fails with EEXIST exactly like open(O_CREAT|O_EXCL) but
 * never exposes a half-written lock. A holder that died on this host (its pid no longer exists:
 * a crash, SIGKILL, a power cut) leaves a stale lock, which the next run takes over, saying so.
 * A holder on another host (a project on a shared disk) cannot be checked: refused, naming it.
 */

export type RunFace = 'cli' | 'web' | 'desktop';

export interface LockHolder {
  pid: number;
  hostname: string;
  face: RunFace;
  /** What the user started: `apply`, `add-node`, `reset`, `serve`, `desktop`. */
  command: string;
  /** What the run does: `install`, `add-node`, `reset`, `retry`, `skip`. */
  kind: string;
  startedAt: string;
  runId?: string;
  /** Tells this holder's lock from a later one with the same pid. */
  token: string;
}

export interface RunLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** The stale lock this one replaced, if any (its holder was dead). */
  readonly tookOver?: LockHolder;
  /** Records the run id once it is known (the record is rewritten in place, atomically). */
  setRunId(runId: string): void;
  /** Removes the lock if it is still this holder's; safe to call twice and from 'exit'. */
  release(): void;
}

export const lockPathFor = (projectPath: string): string => `${projectPath}.lock`;

/** True when `pid` is a live process on this host (EPERM: alive, someone else's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof raw.pid !== 'number' || typeof raw.hostname !== 'string') return undefined;
    return raw as LockHolder;
  } catch {
    return undefined;
  }
}

const ARTICLE = (kind: string): string => (/^[aeiou]/i.test(kind) ? `an ${kind}` : `a ${kind}`);

function who(h: LockHolder): string {
  if (h.face === 'web') return 'kubelab serve (the web app)';
  if (h.face === 'desktop') return 'the kubelab desktop app';
  return `kubelab ${h.command}`;
}

const hhmm = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/** "kubelab apply (pid 1234, started 19:50) is running an install on this project" */
export function describeHolder(h: LockHolder, here = hostname()): string {
  const host = h.hostname === here ? '' : ` on ${h.hostname}`;
  return `${who(h)} (pid ${h.pid}${host}, started ${hhmm(h.startedAt)}) is running ${ARTICLE(h.kind)} on this project`;
}

/** Writes `holder` to a fresh private file and links it to `path`; false if `path` exists. */
function tryCreate(path: string, holder: LockHolder): boolean {
  const tmp = `${path}.${holder.token}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(holder)}\n`, { mode: 0o644, flag: 'wx' });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Moves a stale lock out of the way. Renamed first and checked after, so two runs taking over
 * the same stale lock at once cannot remove each other's new lock: one that finds it renamed a
 * live lock puts it back.
 */
function removeStale(path: string, stale: LockHolder): void {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved it already
  }
  const moved = readHolder(aside);
  if (moved && moved.token !== stale.token) {
    try {
      linkSync(aside, path);
    } catch {
      // a third run got the lock meanwhile; the one put aside belonged to a run that will notice
    }
  }
  unlinkSync(aside);
}

/**
 * Takes the project's run lock, or refuses with `run_in_progress` naming the holder.
 * `projectPath` is the project file (absolute).
 */
export function acquireRunLock(
  projectPath: string,
  who: { face: RunFace; command: string; kind: string; runId?: string },
): RunLock {
  const path = lockPathFor(projectPath);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    face: who.face,
    command: who.command,
    kind: who.kind,
    startedAt: new Date().toISOString(),
    ...(who.runId ? { runId: who.runId } : {}),
    token: randomBytes(8).toString('hex'),
  };
  let tookOver: LockHolder | undefined;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, holder)) break;
    const current = readHolder(path);
    const stale =
      current !== undefined && current.hostname === holder.hostname && !alive(current.pid);
    if (!stale || attempt >= 3) {
      throw new AppError({
        code: 'run_in_progress',
        message: current
          ? `${describeHolder(current, holder.hostname)}; wait for it to finish or stop it (lock ${path})`
          : `another kubelab run holds ${path} (unreadable); if no kubelab is running, delete it`,
      });
    }
    removeStale(path, current);
    tookOver = current;
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readHolder(path)?.token !== holder.token) return; // not ours any more: leave it
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
  // A process that exits while holding it (a second Ctrl-C, an uncaught error) still frees it.
  process.on('exit', release);
  return {
    path,
    holder,
    tookOver,
    setRunId(runId) {
      holder.runId = runId;
      // The run history's "started from" (first start only; a retry keeps the original face).
      recordRunOrigin(projectPath, runId, holder.face);
      if (released || readHolder(path)?.token !== holder.token) return;
      const tmp = `${path}.${holder.token}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(holder)}\n`, { mode: 0o644 });
      renameSync(tmp, path);
    },
    release,
  };
}

/** "took over the lock of kubelab apply (pid 1234, …), which is no longer running" */
export function tookOverNote(lock: RunLock): string | undefined {
  const t = lock.tookOver;
  if (!t) return undefined;
  return `kubelab: took over the run lock of ${who(t)} (pid ${t.pid}, started ${hhmm(t.startedAt)}), which is no longer running\n`;
}
