/**
 * Where step logs go, per run, node and step. The engine hands it text already redacted; the
 * file-backed sink (fileLogSink.ts) keeps runs/<runId>/<node>/<step>.log under the data dir.
 */
export interface LogSink {
  append(runId: string, nodeId: string, stepId: string, text: string): Promise<void>;
}

/** Keeps logs in memory: tests, and the CLI's dry run. */
export class MemoryLogSink implements LogSink {
  readonly logs = new Map<string, string>();

  async append(runId: string, nodeId: string, stepId: string, text: string): Promise<void> {
    const key = `${runId}/${nodeId}/${stepId}`;
    this.logs.set(key, (this.logs.get(key) ?? '') + text);
  }

  get(runId: string, nodeId: string, stepId: string): string {
    return this.logs.get(`${runId}/${nodeId}/${stepId}`) ?? '';
  }

  all(): string {
    return [...this.logs.values()].join('');
  }
}

/** Discards logs (benchmarks). */
export const nullLogSink: LogSink = { append: async () => undefined };
