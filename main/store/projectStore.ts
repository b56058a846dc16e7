import { resolve } from 'node:path';
import { PROJECT_SCHEMA_VERSION, type Project } from '../../common/model/project';
import type { RunState } from '../../common/model/runState';
import type { TaskState } from '../../common/model/runEvent';
import { modernPlan } from '../../common/plan/presets';
import { readProjectFile, saveProject } from './projectFile';
import { ProjectJournal } from './projectJournal';
import { copyTask, withTasks } from './runJournal';
import { AppError } from '../../common/model/appError';

/**
 * The open project, for the handlers and the engine. It starts as an untitled project held in
 * memory (so every face works before a file is chosen) and becomes file-backed after `open` or a
 * `save` with a path. Services get this interface, never the file functions directly.
 */
export interface ProjectStore {
  /** The open project (a copy is not made: treat it as read-only and use `set`). */
  get(): Project;
  /** The file the project was opened from or last saved to, if any. */
  path(): string | undefined;
  /** Replaces the project in memory; call `save` to persist it. */
  set(project: Project): void;
  /** Loads a file and makes it the open project; a bad file changes nothing. */
  open(path: string): Promise<Project>;
  /** Writes the project to `path` (default: where it came from); returns the path written. */
  save(path?: string): Promise<string>;
  /**
   * Persists these tasks of the run state (already `set` in memory) without writing the whole
   * file: the project file's journal (projectJournal.ts). Absent: callers save the whole project.
   */
  appendRunTasks?(tasks: readonly TaskState[]): Promise<void>;
}

export function untitledProject(): Project {
  return { schemaVersion: PROJECT_SCHEMA_VERSION, nodes: [], plan: modernPlan() };
}

export class FileProjectStore implements ProjectStore {
  private project: Project;
  private file: string | undefined;
  /** Saves and journal appends run one after another, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The seal of the run state the file holds as last written or read: what the journal follows. */
  private seal: string | undefined;
  private readonly journal = new ProjectJournal();

  constructor(initial: Project = untitledProject(), file?: string) {
    this.project = initial;
    this.file = file;
  }

  get(): Project {
    return this.project;
  }

  path(): string | undefined {
    return this.file;
  }

  set(project: Project): void {
    this.project = project;
  }

  async open(path: string): Promise<Project> {
    const absolute = resolve(path);
    // A write of this store still queued would land after the read: let it finish first.
    await this.queue;
    const { project, seal } = await readProjectFile(absolute);
    this.journal.close();
    this.project = project;
    this.file = absolute;
    this.seal = seal;
    return project;
  }

  save(path?: string): Promise<string> {
    const target = path ? resolve(path) : this.file;
    if (!target) return Promise.reject(noFile());
    const snapshot = this.project;
    return this.enqueue(() => this.writeWhole(target, snapshot));
  }

  /**
   * One line per task in the project file's journal, after the file's last whole write; the
   * whole file when there is none to follow yet (no run state written).
   */
  appendRunTasks(tasks: readonly TaskState[]): Promise<void> {
    if (!this.file) return Promise.reject(noFile());
    return this.enqueue(async () => {
      const target = this.file ?? '';
      // The seal is the one of this.file (both are set together, by a whole write or a read).
      if (this.seal === undefined) await this.writeWhole(target, this.project);
      else this.journal.append(target, this.seal, tasks);
    });
  }

  /** Runs inside the queue only. */
  private async writeWhole(target: string, snapshot: Project): Promise<string> {
    this.seal = await saveProject(target, snapshot);
    this.file = target;
    // Everything the journal held is in the file now; a kill before this removal leaves lines
    // that follow an older seal, which a read skips.
    await this.journal.clear(target);
    return target;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function noFile(): AppError {
  return new AppError({
    code: 'no_project_file',
    message: 'The project has no file yet: choose where to save it.',
  });
}

/**
 * The engine's run-state store over the project (structurally the engine's RunStateStore):
 * every transition is written into the project and saved when the project has a file — a whole
 * write for the run's own fields (`save`), one journal line per changed task (`append`).
 */
export function projectRunStateStore(store: ProjectStore): {
  load(): Promise<RunState | undefined>;
  save(state: RunState): Promise<void>;
  append(runId: string, tasks: readonly TaskState[]): Promise<void>;
  clear(): Promise<void>;
} {
  const put = async (runState: RunState | undefined): Promise<void> => {
    store.set({ ...store.get(), runState });
    if (store.path()) await store.save();
  };
  return {
    load: async () => store.get().runState,
    save: put,
    append: async (runId, tasks) => {
      const current = store.get().runState;
      if (current?.runId !== runId) throw new Error(`the project's recorded run is not ${runId}`);
      // The tasks are the run's live objects (StateWriter): the project keeps copies, and the
      // journal line written later in the store's queue is the state as it was appended.
      const copies = tasks.map(copyTask);
      store.set({ ...store.get(), runState: withTasks(current, copies) });
      if (!store.path()) return;
      if (store.appendRunTasks) await store.appendRunTasks(copies);
      else await store.save();
    },
    clear: () => put(undefined),
  };
}
