/**
 * Where step logs go, per run, node and step. The engine hands it text already redacted; the
 * file-backed sink (fileLogSink.ts) keeps runs/<runId>/<node>/<step>.log under the data dir.
 */
export interface LogSink {
  append(runId: string, nodeId: string, stepId: string, text: string): Promise<void>;
  /**
   * The end of a task's log, at most `maxBytes`, starting at a whole line; undefined when the
   * run has no log for it. What the install screen shows after a reload (install.log).
   */
  tail?(
    runId: string,
    nodeId: string,
    stepId: string,
    maxBytes: number,
  ): Promise<LogTail | undefined>;
  /** The runs that have logs, newest first. */
  runIds?(): Promise<string[]>;
}

export interface LogTail {
  text: string;
  /** The log's whole size. */
  totalBytes: number;
  /** True when only the end is in `text`. */
  truncated: boolean;
}

/** The last `maxBytes` of `text` (UTF-8), from the first whole line within them. */
export function tailOfText(text: string, maxBytes: number): LogTail {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, totalBytes: bytes.length, truncated: false };
  return {
    text: fromWholeLine(bytes.subarray(bytes.length - maxBytes)),
    totalBytes: bytes.length,
    truncated: true,
  };
}

/** Drops what precedes the first newline: a cut line (maybe a cut UTF-8 sequence) is not shown. */
export function fromWholeLine(end: Buffer): string {
  const nl = end.indexOf(0x0a);
  return (nl >= 0 ? end.subarray(nl + 1) : end).toString('utf8');
}

/** Keeps logs in memory: tests, and the CLI's dry run. */
export class MemoryLogSink implements LogSink {
  readonly logs = new Map<string, string>();

  async append(runId: string, nodeId: string, stepId: string, text: string): Promise<void> {
    const key = `${runId}/${nodeId}/${stepId}`;
    this.logs.set(key, (this.logs.get(key) ?? '') + text);
  }

  async tail(
    runId: string,
    nodeId: string,
    stepId: string,
    maxBytes: number,
  ): Promise<LogTail | undefined> {
    const text = this.logs.get(`${runId}/${nodeId}/${stepId}`);
    return text === undefined ? undefined : tailOfText(text, maxBytes);
  }

  async runIds(): Promise<string[]> {
    const ids = [...this.logs.keys()].map((k) => k.slice(0, k.indexOf('/')));
    return [...new Set(ids)].sort().reverse();
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
