import type { HeldLock } from '../engine/runService';
import { acquireRunLock, tookOverNote } from '../store/runLock';
import type { FileProjectStore } from '../store/projectStore';

/**
 * The run lock as a CLI command takes it (one run per project across processes and faces):
 * the lock names the command the user typed (`kubelab apply`, `kubelab reset`), so another
 * face refused by it can say who holds the project; a stale lock taken over is said on stderr;
 * and the project is read again under the lock, as its last holder left it (its run state), not
 * as it was when the command opened it.
 */
export function cliRunLock(
  project: FileProjectStore,
  command: string,
  note: (text: string) => void,
): (run: { kind: string }) => Promise<HeldLock | undefined> {
  return async ({ kind }) => {
    const path = project.path();
    if (!path) return undefined;
    const lock = acquireRunLock(path, { face: 'cli', command, kind });
    const took = tookOverNote(lock);
    if (took) note(took);
    try {
      await project.open(path);
    } catch (err) {
      lock.release();
      throw err;
    }
    return lock;
  };
}
