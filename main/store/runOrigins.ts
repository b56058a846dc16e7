import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunOrigin } from '../../common/contracts/runs';
import type { RunFace } from './runLock';
import { runRecordsDir } from './runRecords';

/**
 * Who started each run (the history's "started from"): a small `<runId>.origin` file beside the
 * run records, written once when a run first gets its id under the project's run lock. A retry
 * or resume of the same run takes the lock again but never rewrites it, so it keeps naming the
 * face that started the run. Not a `.json` file, so the run records' reader passes it by.
 */
const RUN_ID = /^r[0-9A-Za-z-]{1,80}$/;

const originOf = (face: RunFace): RunOrigin => (face === 'cli' ? 'cli' : 'ui');

function originPath(projectFile: string, runId: string): string {
  return join(runRecordsDir(projectFile), `${runId}.origin`);
}

/** Best effort: a history without its origin says `unknown`, a run never fails for it. */
export function recordRunOrigin(projectFile: string, runId: string, face: RunFace): void {
  if (!RUN_ID.test(runId)) return;
  try {
    mkdirSync(runRecordsDir(projectFile), { recursive: true });
    writeFileSync(originPath(projectFile, runId), `${originOf(face)}\n`, { flag: 'wx' });
  } catch {
    // Already recorded (EEXIST: a retry of the same run) or not writable.
  }
}

export async function readRunOrigin(projectFile: string, runId: string): Promise<RunOrigin> {
  if (!RUN_ID.test(runId)) return 'unknown';
  try {
    const text = (await readFile(originPath(projectFile, runId), 'utf8')).trim();
    return text === 'ui' || text === 'cli' ? text : 'unknown';
  } catch {
    return 'unknown';
  }
}
