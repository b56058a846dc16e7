import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PreflightRunSchema, type PreflightRun } from '../../common/contracts/preflight';
import { atomicWrite } from './atomicWrite';
import type { ProjectStore } from './projectStore';

/**
 * The project's preflight record: its last preflight run, for the cluster report and for
 * `preflight.last` (the Install screen after a reload). Kept like the last verification
 * (verificationRecord.ts), by main/store and not by preflight itself: written beside the project file as kubelab-preflight.json, so a report
 * made after a restart of the desktop app or of `kubelab serve` (or by the other face on the same
 * project) still has it. An untitled project has no directory: its run is kept in memory, per
 * project store (one per backend), and only while that project stays the untitled one.
 */
export function preflightPath(projectFile: string): string {
  return join(dirname(projectFile), 'kubelab-preflight.json');
}

const inMemory = new WeakMap<ProjectStore, { file: string | undefined; run: PreflightRun }>();

export async function rememberPreflight(store: ProjectStore, run: PreflightRun): Promise<void> {
  const file = store.path();
  inMemory.set(store, { file, run });
  if (file) await atomicWrite(preflightPath(file), `${JSON.stringify(run, null, 2)}\n`);
}

export async function lastPreflight(store: ProjectStore): Promise<PreflightRun | undefined> {
  const file = store.path();
  const mem = inMemory.get(store);
  if (mem && mem.file === file) return mem.run;
  if (!file) return undefined;
  try {
    return PreflightRunSchema.parse(JSON.parse(await readFile(preflightPath(file), 'utf8')));
  } catch {
    return undefined;
  }
}
