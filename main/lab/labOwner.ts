import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Who brought a practice lab up: a small record in /run (cleared at reboot, like the lab). It lets
 * a kubelab take down only the lab it started, refuse one another live kubelab is using, and
 * recover one left by a crashed run. A pid alone could be reused after a crash, so the process's
 * start time (from /proc/<pid>/stat) is recorded with it.
 */
export interface LabOwner {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks since boot; 0 where /proc is missing. */
  startTime: number;
  scenario: string;
}

export const DEFAULT_OWNER_DIR = '/run/kubelab-practice';

/** The record's file for a lab instance (LAB_INSTANCE, '' for the default lab). */
export function ownerFile(dir: string, instance: string): string {
  return join(dir, `lab${instance}.json`);
}

export function processStartTime(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19] ?? 0);
  } catch {
    return 0;
  }
}

/** True while the recorded process (same pid and same start time) still runs. */
export function ownerAlive(owner: LabOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return owner.startTime === 0 || processStartTime(owner.pid) === owner.startTime;
}

export function readOwner(file: string): LabOwner | undefined {
  try {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof raw !== 'object' || raw === null) return undefined;
    const o = raw as Record<string, unknown>;
    if (typeof o.pid !== 'number' || typeof o.scenario !== 'string') return undefined;
    return {
      pid: o.pid,
      startTime: typeof o.startTime === 'number' ? o.startTime : 0,
      scenario: o.scenario,
    };
  } catch {
    return undefined;
  }
}

export function writeOwner(file: string, owner: LabOwner): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(owner) + '\n', { mode: 0o600 });
}

export function removeOwner(file: string): void {
  rmSync(file, { force: true });
}
