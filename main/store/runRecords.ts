import { closeSync, openSync, writeSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RunStateSchema, type RunState, type TaskState } from '../../common/model/runEvent';
import { atomicWrite } from './atomicWrite';
import type { ProjectStore } from './projectStore';
import {
  copyTask,
  fullRecordText,
  generationOf,
  journalLines,
  newJournalGeneration,
  replayJournal,
  withTasks,
} from './runJournal';

/**
 * The project's run records: every run of an operation that is not the cluster's record (a
 * reset, and the operations to come), one JSON file per run in a folder beside the project file
 * (`<project>.runs/<runId>.json`), written atomically in full at the run's start and end and
 * now and then, and between those a journal of the tasks that changed (`<runId>.journal`,
 * main/store/runJournal.ts), one line per transition. So a run is recorded whatever face started
 * it, survives a restart of the back end or a kill, and is resumed or retried from there. An
 * untitled project has no folder: its runs are kept in memory per project store, while it stays
 * the untitled one.
 */
export function runRecordsDir(projectFile: string): string {
  return join(dirname(projectFile), `${basename(projectFile)}.runs`);
}

/** A run's journal, open for appends after the whole record of `generation` in `file`'s folder. */
interface OpenJournal {
  fd: number;
  file: string;
  generation: string;
}

const inMemory = new WeakMap<ProjectStore, Map<string, RunState>>();

/** A run id is a safe file name (main/engine/resume.ts newRunId); anything else is refused. */
const RUN_ID = /^r[0-9A-Za-z-]{1,80}$/;

export function projectRunRecords(store: ProjectStore): {
  list(): Promise<RunState[]>;
  save(state: RunState): Promise<void>;
  append(runId: string, tasks: readonly TaskState[]): Promise<void>;
} {
  const memory = (): Map<string, RunState> => {
    let runs = inMemory.get(store);
    if (!runs) inMemory.set(store, (runs = new Map()));
    return runs;
  };
  /** The journal generation of each run this store last wrote in full. */
  const generations = new Map<string, string>();
  /**
   * Each run's journal descriptor, kept open between whole writes (opening the file per
   * transition was most of an append's cost); a whole write closes it and removes the file.
   * Lines are written synchronously: a few hundred bytes into the page cache cost less than a
   * round trip through the thread pool, which the profile showed on every transition.
   */
  const journals = new Map<string, OpenJournal>();
  const closeJournal = (runId: string): void => {
    const open = journals.get(runId);
    journals.delete(runId);
    if (open !== undefined) closeSync(open.fd);
  };
  const pathsOf = (file: string, runId: string): { record: string; journal: string } => {
    if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${runId}`);
    const dir = runRecordsDir(file);
    return { record: join(dir, `${runId}.json`), journal: join(dir, `${runId}.journal`) };
  };
  return {
    async list() {
      const file = store.path();
      if (!file) return [...memory().values()].map((r) => structuredClone(r));
      return readRecords(runRecordsDir(file));
    },
    async save(state) {
      const file = store.path();
      if (!file) {
        if (!RUN_ID.test(state.runId)) throw new Error(`not a run id: ${state.runId}`);
        memory().set(state.runId, structuredClone(state));
        return;
      }
      const paths = pathsOf(file, state.runId);
      closeJournal(state.runId);
      const generation = newJournalGeneration();
      await atomicWrite(paths.record, fullRecordText(state, generation));
      generations.set(state.runId, generation);
      // Everything the journal held is in the full record now; a kill before this removal
      // leaves lines of an older generation, which a read skips.
      await rm(paths.journal, { force: true });
    },
    async append(runId, tasks) {
      const file = store.path();
      if (!file) {
        const run = memory().get(runId);
        if (!run) throw new Error(`no run record ${runId} to append to`);
        // The tasks are the run's live objects (StateWriter): keep copies.
        memory().set(runId, withTasks(run, tasks.map(copyTask)));
        return;
      }
      // The journal open for this run and project file: its paths and generation are known (a
      // regular expression, three path joins and a lookup per transition showed in the profile).
      let open = journals.get(runId);
      if (open?.file !== file) {
        const paths = pathsOf(file, runId);
        const generation = generations.get(runId) ?? (await generationOnDisk(paths.record));
        if (generation === undefined) throw new Error(`no run record ${runId} to append to`);
        generations.set(runId, generation);
        closeJournal(runId);
        open = { fd: openSync(paths.journal, 'a', 0o600), file, generation };
        journals.set(runId, open);
      }
      // No fsync: a kill of this process loses nothing once the write has returned (the page
      // cache outlives it); a power cut may cut the last line, which a read skips.
      writeSync(open.fd, journalLines(open.generation, tasks));
    },
  };
}

/** Every readable record in the folder, journal replayed; a file not a run record is left alone. */
export async function readRecords(dir: string): Promise<RunState[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const runs: RunState[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    const run = await readRecord(join(dir, name));
    if (run) runs.push(run);
  }
  return runs;
}

async function readRecord(path: string): Promise<RunState | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined; // unreadable: not one of ours (or removed meanwhile)
  }
  const parsed = RunStateSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const journal = await readFile(path.replace(/\.json$/, '.journal'), 'utf8').catch(() => '');
  return replayJournal(parsed.data, journal, generationOf(raw));
}

async function generationOnDisk(recordPath: string): Promise<string | undefined> {
  try {
    return generationOf(JSON.parse(await readFile(recordPath, 'utf8')));
  } catch {
    return undefined;
  }
}
