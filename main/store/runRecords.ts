import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RunStateSchema, type RunState } from '../../common/model/runEvent';
import { atomicWrite } from './atomicWrite';
import type { ProjectStore } from './projectStore';

/**
 * The project's run records: every run of an operation that is not the cluster's record (a
 * reset, and the operations to come), one JSON file per run in a folder beside the project file
 * (`<project>.runs/<runId>.json`), each written atomically after every transition, as the
 * project's run section is. So a run is recorded whatever face started it, survives a restart of
 * the back end or a kill, and is resumed or retried from there. An untitled project has no
 * folder: its runs are kept in memory per project store, while it stays the untitled one.
 */
export function runRecordsDir(projectFile: string): string {
  return join(dirname(projectFile), `${basename(projectFile)}.runs`);
}

const inMemory = new WeakMap<ProjectStore, Map<string, RunState>>();

/** A run id is a safe file name (main/engine/resume.ts newRunId); anything else is refused. */
const RUN_ID = /^r[0-9A-Za-z-]{1,80}$/;

export function projectRunRecords(store: ProjectStore): {
  list(): Promise<RunState[]>;
  save(state: RunState): Promise<void>;
} {
  const memory = (): Map<string, RunState> => {
    let runs = inMemory.get(store);
    if (!runs) inMemory.set(store, (runs = new Map()));
    return runs;
  };
  return {
    async list() {
      const file = store.path();
      if (!file) return [...memory().values()].map((r) => structuredClone(r));
      return readRecords(runRecordsDir(file));
    },
    async save(state) {
      if (!RUN_ID.test(state.runId)) throw new Error(`not a run id: ${state.runId}`);
      const file = store.path();
      if (!file) {
        memory().set(state.runId, structuredClone(state));
        return;
      }
      const path = join(runRecordsDir(file), `${state.runId}.json`);
      await atomicWrite(path, `${JSON.stringify(state, null, 2)}\n`);
    },
  };
}

/** Every readable record in the folder; a file that is not a run record is left alone. */
export async function readRecords(dir: string): Promise<RunState[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const runs: RunState[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    try {
      const parsed = RunStateSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')));
      if (parsed.success) runs.push(parsed.data);
    } catch {
      // Unreadable: not one of ours (or removed meanwhile).
    }
  }
  return runs;
}
