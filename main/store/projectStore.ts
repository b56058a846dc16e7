import { resolve } from 'node:path';
import { PROJECT_SCHEMA_VERSION, type Project } from '../../common/model/project';
import type { RunState } from '../../common/model/runState';
import { modernPlan } from '../../common/plan/presets';
import { loadProject, saveProject } from './projectFile';
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
}

export function untitledProject(): Project {
  return { schemaVersion: PROJECT_SCHEMA_VERSION, nodes: [], plan: modernPlan() };
}

export class FileProjectStore implements ProjectStore {
  private project: Project;
  private file: string | undefined;
  /** Saves run one after another, so the last state requested is the last one written. */
  private queue: Promise<unknown> = Promise.resolve();

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
    const loaded = await loadProject(absolute);
    this.project = loaded;
    this.file = absolute;
    return loaded;
  }

  save(path?: string): Promise<string> {
    const target = path ? resolve(path) : this.file;
    if (!target) {
      return Promise.reject(
        new AppError({
          code: 'no_project_file',
          message: 'The project has no file yet: choose where to save it.',
        }),
      );
    }
    const snapshot = this.project;
    const write = this.queue.then(() => saveProject(target, snapshot));
    this.queue = write.catch(() => undefined);
    return write.then(() => {
      this.file = target;
      return target;
    });
  }
}

/**
 * The engine's run-state store over the project (structurally the engine's RunStateStore):
 * every transition is written into the project and saved when the project has a file.
 */
export function projectRunStateStore(store: ProjectStore): {
  load(): Promise<RunState | undefined>;
  save(state: RunState): Promise<void>;
  clear(): Promise<void>;
} {
  const put = async (runState: RunState | undefined): Promise<void> => {
    store.set({ ...store.get(), runState });
    if (store.path()) await store.save();
  };
  return {
    load: async () => store.get().runState,
    save: put,
    clear: () => put(undefined),
  };
}
