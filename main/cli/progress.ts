import type { RunEvent, RunResult, TaskStatus } from '../../common/model/runEvent';

export interface ProgressOptions {
  write(text: string): void;
  /** Colours and symbols for a terminal; plain ASCII otherwise (logs, CI, tests). */
  tty: boolean;
  /** Also print every log line of every step, prefixed with node and step. */
  verbose: boolean;
  /** Node id → display name. */
  names?: ReadonlyMap<string, string>;
}

const MARK: Record<TaskStatus, { tty: string; plain: string; colour: number }> = {
  pending: { tty: '·', plain: '.', colour: 90 },
  running: { tty: '▶', plain: '>', colour: 36 },
  done: { tty: '✓', plain: '+', colour: 32 },
  'already-done': { tty: '=', plain: '=', colour: 90 },
  failed: { tty: '✗', plain: 'x', colour: 31 },
  skipped: { tty: '-', plain: '-', colour: 33 },
  cancelled: { tty: '!', plain: '!', colour: 33 },
};

/**
 * Live progress for a terminal: one line per transition of a step on a node, with the time since
 * the run started, so parallel nodes stay readable when interleaved; a per-node summary at the end.
 */
export class ProgressPrinter {
  private readonly started = Date.now();
  private widthNode = 8;
  private readonly widthStep = 17;
  private lastResult: RunResult | undefined;

  constructor(private readonly o: ProgressOptions) {}

  get result(): RunResult | undefined {
    return this.lastResult;
  }

  handle = (e: RunEvent): void => {
    switch (e.type) {
      case 'run-started': {
        const nodes = new Set(e.tasks.map((t) => t.nodeId));
        for (const n of nodes) this.widthNode = Math.max(this.widthNode, this.name(n).length);
        const what = e.dryRun ? 'dry run' : e.resumed ? 'resuming run' : 'run';
        this.line(`${what} ${e.runId}: ${e.tasks.length} tasks on ${nodes.size} nodes`);
        break;
      }
      case 'task-state': {
        if (e.status === 'pending') return;
        const m = MARK[e.status];
        const mark = this.o.tty ? `\x1b[${m.colour}m${m.tty}\x1b[0m` : m.plain;
        let detail = '';
        if (e.status === 'running' && e.attempt > 1) detail = `attempt ${e.attempt}`;
        if (e.status === 'already-done') detail = 'already done';
        if (e.durationMs !== undefined && e.status === 'done') detail = seconds(e.durationMs);
        if (e.status === 'skipped') detail = `skipped${e.skipReason ? `: ${e.skipReason}` : ''}`;
        if (e.status === 'failed') detail = e.error?.message ?? 'failed';
        if (e.status === 'cancelled') detail = 'cancelled';
        this.line(
          `${mark} ${this.name(e.nodeId).padEnd(this.widthNode)}  ${e.stepId.padEnd(this.widthStep)} ${detail}`.trimEnd(),
        );
        break;
      }
      case 'log':
        if (!this.o.verbose) return;
        for (const l of e.chunk.replace(/\n$/, '').split('\n')) {
          this.line(
            `  ${this.name(e.nodeId).padEnd(this.widthNode)}  ${e.stepId.padEnd(this.widthStep)}| ${l}`,
          );
        }
        break;
      case 'rendered':
        break;
      case 'run-finished':
        this.lastResult = e.result;
        if (!e.result.dryRun) this.summary(e.result);
        break;
    }
  };

  private summary(r: RunResult): void {
    this.o.write('\n');
    for (const n of r.nodes)
      this.o.write(`  ${this.name(n.nodeId).padEnd(this.widthNode)}  ${n.status}\n`);
    const total = seconds(Date.now() - this.started);
    this.o.write(`\n${r.outcome === 'succeeded' ? 'succeeded' : r.outcome} in ${total}\n`);
    if (r.error) this.o.write(`${r.error.message}\n`);
  }

  private name(id: string): string {
    return this.o.names?.get(id) ?? id;
  }

  private line(text: string): void {
    const t = ((Date.now() - this.started) / 1000).toFixed(1).padStart(6);
    this.o.write(`[${t}s] ${text}\n`);
  }
}

function seconds(ms: number): string {
  return ms >= 60_000
    ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
    : `${(ms / 1000).toFixed(1)} s`;
}
