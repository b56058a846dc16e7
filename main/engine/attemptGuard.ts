/** One attempt of a task: its signal aborts on the run's cancel or at its deadline. */
export interface Attempt {
  readonly signal: AbortSignal;
  /** Rejects with the abort's reason when the signal aborts. */
  readonly stopped: Promise<never>;
  /**
   * `work`'s outcome, or the abort's reason as soon as the signal aborts (for a step that ignores
   * the signal): what `Promise.race([work, stopped])` gives, with one promise instead of three.
   */
  race<T>(work: Promise<T>): Promise<T>;
  /** The deadline, not the run's cancel, aborted it. */
  readonly timedOut: boolean;
  /** The attempt is over: it no longer counts for the deadline check or the cancel. */
  end(): void;
}

class Entry implements Attempt {
  readonly signal: AbortSignal;
  timedOut = false;
  private readonly controller = new AbortController();
  /** Made only when asked for: the executor races through `race`, which needs none. */
  private stoppedPromise: Promise<never> | undefined;
  /** Who hears the abort: the `stopped` promise and the race in progress, if any. */
  private readonly rejects: ((reason: unknown) => void)[] = [];

  constructor(
    readonly deadline: number,
    private readonly onEnd: (entry: Entry) => void,
  ) {
    this.signal = this.controller.signal;
  }

  get stopped(): Promise<never> {
    if (!this.stoppedPromise) {
      this.stoppedPromise = this.whenStopped<never>();
      this.stoppedPromise.catch(() => undefined); // nobody may be waiting for it
    }
    return this.stoppedPromise;
  }

  race<T>(work: Promise<T>): Promise<T> {
    return this.whenStopped<T>((resolve, reject) => work.then(resolve, reject));
  }

  stop(reason: unknown, timedOut: boolean): void {
    if (this.signal.aborted) return;
    this.timedOut = timedOut;
    this.controller.abort(reason);
    for (const reject of this.rejects.splice(0)) reject(reason);
  }

  /** A promise that rejects with the abort's reason when the signal aborts (or already has). */
  private whenStopped<T>(
    settle?: (resolve: (value: T) => void, reject: (reason: unknown) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.signal.aborted) reject(this.signal.reason);
      else this.rejects.push(reject);
      settle?.(resolve, reject);
    });
  }

  end(): void {
    this.onEnd(this);
  }
}

/**
 * The attempts of one run and their deadlines, checked by one timer armed for the earliest
 * deadline, and the run's cancel handed to every live attempt by one listener. It replaces a
 * timer, an `AbortSignal.any` and an abort listener per attempt, whose cost (and garbage) the
 * profile of a 100-machine run showed on every cell (issue 15, bench/RESULTS.md).
 */
export class AttemptGuard {
  private readonly live = new Set<Entry>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private readonly onCancel = (): void => {
    for (const entry of [...this.live]) entry.stop(this.runSignal.reason, false);
  };

  constructor(
    private readonly runSignal: AbortSignal,
    private readonly clock: () => number = Date.now,
  ) {
    runSignal.addEventListener('abort', this.onCancel, { once: true });
  }

  /** Starts an attempt that must end within `ms`. */
  begin(ms: number): Attempt {
    const entry = new Entry(this.clock() + ms, (e) => this.end(e));
    if (this.runSignal.aborted) {
      entry.stop(this.runSignal.reason, false);
      return entry;
    }
    this.live.add(entry);
    this.arm(entry.deadline);
    return entry;
  }

  /** The run is over: no timer or listener is left behind. */
  close(): void {
    this.runSignal.removeEventListener('abort', this.onCancel);
    this.live.clear();
    this.disarm();
  }

  private end(entry: Entry): void {
    this.live.delete(entry);
    // Nothing left to time out: no timer keeps the process alive. Otherwise the timer stays
    // armed for an earlier deadline; when it fires it finds nothing due and re-arms.
    if (this.live.size === 0) this.disarm();
  }

  private arm(at: number): void {
    if (at >= this.timerAt) return;
    this.disarm();
    this.timerAt = at;
    this.timer = setTimeout(() => this.check(), Math.max(0, at - this.clock()));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private check(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock();
    let next = Infinity;
    for (const entry of [...this.live]) {
      if (entry.deadline <= now) {
        this.live.delete(entry);
        entry.stop(new Error('the attempt timed out'), true);
      } else next = Math.min(next, entry.deadline);
    }
    if (next !== Infinity) this.arm(next);
  }
}
