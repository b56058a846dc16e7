import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import type { TaskState } from '../../common/model/runEvent';
import type { Project } from '../../common/model/project';
import { journalLines, replayJournal } from './runJournal';

/**
 * The cluster's record (the project file's run state: install, add-node) keeps a journal as the
 * run records do (runJournal.ts): between two whole writes of the project file, each task that
 * changed is appended as one JSON line to `<project file>.journal`, so a transition costs one
 * small line instead of the whole file (YAML, fsync, rename) however many machines the run has.
 *
 * A line names the whole record it follows by the file's seal — the run state's sha256 on the
 * file's last line (projectFile.ts) — so no new field enters the project file, and an older
 * kubelab still reads it. A read replays only the lines whose seal is the file's: lines left by a
 * kill between a whole write and the journal's removal follow an older record, are already in
 * the file, and are skipped (replaying them could turn a task back). A line cut by a kill does
 * not parse and is skipped. The journal exists only while a run writes (or after a kill): a
 * whole write — a run's start and end, every so many transitions, any other save — removes it.
 */
export function projectJournalPath(projectFile: string): string {
  return `${projectFile}.journal`;
}

/** The project with its journal's lines for `seal` replayed onto its run state. */
export async function withJournal(
  projectFile: string,
  project: Project,
  seal: string | undefined,
): Promise<Project> {
  if (!project.runState || seal === undefined) return project;
  const journal = await readFile(projectJournalPath(projectFile), 'utf8').catch(() => '');
  if (journal === '') return project;
  return { ...project, runState: replayJournal(project.runState, journal, seal) };
}

/**
 * The journal of one project file, its descriptor kept open between whole writes (as the run
 * records do: opening the file per transition was most of an append's cost). Lines are written
 * synchronously: once `append` returns, a kill of this process loses nothing (the page cache
 * outlives it); a power cut may cut the last line, which a read skips.
 */
export class ProjectJournal {
  private fd: number | undefined;
  private file: string | undefined;

  /** Appends `tasks` after the whole record sealed `seal` in `projectFile`. */
  append(projectFile: string, seal: string, tasks: readonly TaskState[]): void {
    if (this.file !== projectFile) this.close();
    if (this.fd === undefined) {
      this.fd = openSync(projectJournalPath(projectFile), 'a', 0o644);
      this.file = projectFile;
    }
    writeSync(this.fd, journalLines(seal, tasks));
  }

  /** After a whole write of `projectFile`: everything the journal held is in the file. */
  async clear(projectFile: string): Promise<void> {
    this.close();
    await rm(projectJournalPath(projectFile), { force: true });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.file = undefined;
  }
}
