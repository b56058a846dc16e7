import type { RunEvent } from '../../common/model/runEvent';
import { isoNow } from './clock';
import type { LogSink } from './logSink';
import { redact } from './redact';
import type { LogStream } from './taskRuntime';

const TAIL_CHARS = 4096;

/**
 * One run's logs: every chunk is redacted once here, then appended to the sink (per node and
 * step), emitted as a log event, and its tail kept for error messages.
 */
export class RunLog {
  private readonly tails = new Map<string, string>();
  private readonly appends = new Set<Promise<void>>();

  constructor(
    private readonly runId: string,
    private readonly sink: LogSink,
    private readonly emit: (e: RunEvent) => void,
  ) {}

  write(nodeId: string, stepId: string, stream: LogStream, text: string): void {
    const chunk = redact(text);
    const key = `${stepId}@${nodeId}`;
    this.tails.set(key, ((this.tails.get(key) ?? '') + chunk).slice(-TAIL_CHARS));
    const p = this.sink.append(this.runId, nodeId, stepId, chunk).catch(() => undefined);
    this.appends.add(p);
    void p.finally(() => this.appends.delete(p));
    this.emit({ type: 'log', runId: this.runId, time: isoNow(), nodeId, stepId, stream, chunk });
  }

  tail(nodeId: string, stepId: string): string {
    return this.tails.get(`${stepId}@${nodeId}`) ?? '';
  }

  /** Waits until every chunk written so far reached the sink. */
  async flush(): Promise<void> {
    await Promise.all([...this.appends]);
  }
}
