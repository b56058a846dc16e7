import type { RunState } from '../../common/model/runEvent';

export type SaveState = (state: RunState) => Promise<void>;

/**
 * Persists run state after every transition without queueing one write per transition: while a
 * write is in flight, further requests coalesce into one more write of the newest snapshot, and
 * every caller's promise settles once a write that includes its change has finished.
 * `soon()` is for high-rate changes (a detached log offset) that may wait a little.
 */
export class StateWriter {
  private writing: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastError: unknown;

  constructor(
    private readonly snapshot: () => RunState,
    private readonly save: SaveState,
    private readonly debounceMs = 250,
  ) {}

  /** Writes now (or right after the write in flight); resolves when the change is on disk. */
  request(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.writing) {
      this.writing = this.write().finally(() => {
        this.writing = undefined;
      });
      return this.writing;
    }
    this.next ??= this.writing.then(() => {
      this.next = undefined;
      return this.request();
    });
    return this.next;
  }

  /** Schedules a write within debounceMs, unless one is requested sooner. */
  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.request().catch(() => undefined);
    }, this.debounceMs);
  }

  /** Waits for everything pending, including a debounced write. */
  async flush(): Promise<void> {
    if (this.timer) await this.request();
    while (this.writing || this.next) await (this.next ?? this.writing);
  }

  /** The error of the last failed write, if any (a run reports it rather than dying). */
  get error(): unknown {
    return this.lastError;
  }

  private async write(): Promise<void> {
    try {
      await this.save(structuredClone(this.snapshot()));
      this.lastError = undefined;
    } catch (err) {
      this.lastError = err;
    }
  }
}
