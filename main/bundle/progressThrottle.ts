/**
 * At most one progress report per `intervalMs` for one download, and always the last one. A
 * download writes a chunk every few kilobytes — thousands a second from a fast mirror — and
 * every report crosses the event bus, the faces' wire and the page's store; ten a second is
 * what a progress bar can show. The final report carries the whole size, so it is never dropped.
 */
export interface ProgressThrottle<T> {
  /** A report for the latest chunk: passed on when the interval has run since the last one. */
  offer(report: T): void;
  /** The download ended: passes on the latest report if it was held back. */
  flush(): void;
}

/** Ten reports a second per download. */
export const PROGRESS_INTERVAL_MS = 100;

export function createProgressThrottle<T>(
  emit: (report: T) => void,
  now: () => number,
  intervalMs = PROGRESS_INTERVAL_MS,
): ProgressThrottle<T> {
  let lastEmitted: number | undefined;
  let held: { report: T } | undefined;
  return {
    offer(report) {
      const at = now();
      if (lastEmitted === undefined || at - lastEmitted >= intervalMs) {
        lastEmitted = at;
        held = undefined;
        emit(report);
      } else {
        held = { report };
      }
    },
    flush() {
      if (!held) return;
      const { report } = held;
      held = undefined;
      lastEmitted = now();
      emit(report);
    },
  };
}
