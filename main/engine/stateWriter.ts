import type { RunState, TaskState } from '../../common/model/runEvent';

/** Writes the whole run record (it may keep what it is given). */
export type SaveState = (state: RunState) => Promise<void>;
/**
 * Appends the tasks that changed to the run's record, after its last whole write (the run
 * records' journal, main/store/runJournal.ts). The tasks are the run's live objects, not copies:
 * it reads them at once (before any await) and copies what it keeps, since they go on changing.
 */
export type AppendState = (runId: string, tasks: readonly TaskState[]) => Promise<void>;

/** Appended tasks per task of the run after which a write is a whole one again (compactAfter). */
const COMPACT_PER_TASK = 4;

export interface StateWriterOptions {
  save: SaveState;
  /** Absent: every write is a whole one (the cluster's record in the project file). */
  append?: AppendState;
  /** How long `soon()` may wait. */
  debounceMs?: number;
  /**
   * Appended tasks after which the next write is a whole one again, so a read replays a bounded
   * journal; default: four times the run's tasks (at least 64). A run without retries appends
   * each task about twice (running, then its end), so it is written whole only at its start and
   * end: a whole write in the middle (a clone, the JSON and an fsync of every task) held every
   * transition of a 100-machine run behind it (issue 15), and a read replays at most 4 lines a task.
   */
  compactAfter?: number;
}

/**
 * Persists run state after every transition without queueing one write per transition: requests
 * in the same tick share one write, requests while a write is in flight coalesce into one more
 * write of the newest state, and every caller's promise settles once a write that includes its
 * change has finished. A request names the task it changed: with an `append`, a write appends
 * just those tasks (their cost does not grow with the run's size); a request without a task (the
 * run's own fields), the first write and every `compactAfter` appended tasks write the whole
 * record. `soon()` is for high-rate changes (a detached log offset) that may wait a little.
 */
export class StateWriter {
  private writing: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastError: unknown;
  private pendingSnapshot = false;
  /** Tasks changed since the last write took its snapshot. */
  private dirty = new Set<TaskState>();
  /** The run's own fields changed, or an append failed: the next write is a whole one. */
  private whole = true;
  private appendedSinceWhole = 0;

  constructor(
    private readonly snapshot: () => RunState,
    private readonly options: StateWriterOptions,
  ) {}

  /**
   * Writes `task` (without one: the whole record) now, or right after the write in flight;
   * resolves when the change is on disk.
   */
  request(task?: TaskState): Promise<void> {
    this.mark(task);
    return this.schedule();
  }

  /** Schedules soon()'s changes too; resolves when a write made after this call has finished. */
  private schedule(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.writing) {
      this.pendingSnapshot = true;
      this.writing = this.write().finally(() => {
        this.writing = undefined;
      });
      return this.writing;
    }
    // The write in flight has not taken its snapshot yet: it will include this change.
    if (this.pendingSnapshot) return this.writing;
    this.next ??= this.writing.then(() => {
      this.next = undefined;
      return this.schedule();
    });
    return this.next;
  }

  /** Schedules a write of `task` within debounceMs, unless one is requested sooner. */
  soon(task?: TaskState): void {
    this.mark(task);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.schedule().catch(() => undefined);
    }, this.options.debounceMs ?? 250);
  }

  /** Waits for everything pending, including a debounced write. */
  async flush(): Promise<void> {
    if (this.timer) await this.schedule();
    while (this.writing || this.next) await (this.next ?? this.writing);
  }

  /** The error of the last failed write, if any (a run reports it rather than dying). */
  get error(): unknown {
    return this.lastError;
  }

  private mark(task: TaskState | undefined): void {
    if (task) this.dirty.add(task);
    else this.whole = true;
  }

  private async write(): Promise<void> {
    // Wait one macrotask so every transition of this tick (50 nodes finishing together) shares
    // one snapshot and one write instead of one each.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.pendingSnapshot = false;
    const state = this.snapshot();
    const tasks = [...this.dirty];
    this.dirty = new Set();
    const { append } = this.options;
    const compactAfter =
      this.options.compactAfter ?? Math.max(64, COMPACT_PER_TASK * state.tasks.length);
    const whole = this.whole || !append || this.appendedSinceWhole + tasks.length > compactAfter;
    this.whole = false;
    try {
      if (whole) {
        this.appendedSinceWhole = 0;
        await this.options.save(structuredClone(state));
      } else if (tasks.length > 0) {
        this.appendedSinceWhole += tasks.length;
        // No copy per task: the journal serialises them at once (a structuredClone each was a
        // share of the garbage of a 100-machine run, issue 15).
        await append(state.runId, tasks);
      }
      this.lastError = undefined;
    } catch (err) {
      this.lastError = err;
      // What may not have been written is in the state: the next write writes it all.
      this.whole = true;
    }
  }
}
