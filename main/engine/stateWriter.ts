import type { RunState } from '../../common/model/runEvent';

export type SaveState = (state: RunState) => Promise<void>;

/**
 * Persists run state after every transition without queueing one write per transition: requests
 * in the same tick share one write, requests while a write is in flight coalesce into one more
 * write of the newest snapshot, and
 * every caller's promise settles once a write that includes its change has finished.
 * `soon()` is for high-rate changes (a detached log offset) that may wait a little.
 */
export class StateWriter {
  private writing: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastError: unknown;
  private pendingSnapshot = false;

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
    // Wait one macrotask so every transition of this tick (50 nodes finishing together) shares
    // one snapshot and one write instead of one each.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.pendingSnapshot = false;
    try {
      await this.save(structuredClone(this.snapshot()));
      this.lastError = undefined;
    } catch (err) {
      this.lastError = err;
    }
  }
}
