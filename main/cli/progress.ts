import type {
  Recheck,
  RunEvent,
  RunResult,
  TaskDiagnosis,
  TaskStatus,
} from '../../common/model/runEvent';
import { isNotice } from '../../common/model/stepNotice';

export interface ProgressOptions {
  write(text: string): void;
  /** Colours and symbols for a terminal; plain ASCII otherwise (logs, CI, tests). */
  tty: boolean;
  /** Also print every log line of every step, prefixed with node and step. */
  verbose: boolean;
  /** Node id → display name. */
  names?: ReadonlyMap<string, string>;
  /** Language of a failed step's diagnosis (the signatures carry both). Default English. */
  lang?: 'en' | 'zh';
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
        if (e.recheck) this.line(recheckLine(e.runId, e.recheck, this.o.lang ?? 'en'));
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
        if (e.status === 'failed' && e.diagnosis) {
          for (const l of formatTaskDiagnosis(e.diagnosis, this.o.lang ?? 'en'))
            this.o.write(`    ${l}\n`);
        }
        break;
      }
      case 'log':
        for (const l of e.chunk.replace(/\n$/, '').split('\n')) {
          // A step's notice (e.g. a failed init cleaned with kubeadm reset before it runs again)
          // changes the machine in a way the user did not ask for by name: always shown.
          if (!this.o.verbose && !isNotice(l)) continue;
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

/**
 * Says plainly that a resumed run does not keep all it finished: the plan or the nodes changed
 * since (or the project file predates fingerprints), so those steps run again and their checks
 * decide what is still to do.
 */
export function recheckLine(runId: string, r: Recheck, lang: 'en' | 'zh'): string {
  const n = r.changed + r.unrecorded + r.dependants;
  if (lang === 'zh') {
    const cause =
      r.changed > 0
        ? `自运行 ${runId} 以来计划或节点已更改`
        : `运行 ${runId} 未记录其步骤的渲染指纹（旧的项目文件）`;
    return `${cause}：${n} 个已完成的步骤将重新检查（${r.changed} 个已更改，${r.unrecorded} 个未记录，${r.dependants} 个依赖于它们）`;
  }
  const cause =
    r.changed > 0
      ? `the plan or the nodes changed since run ${runId}`
      : `run ${runId} did not record what its steps were rendered from (an older project file)`;
  return `${cause}: ${n} finished steps will be checked again (${r.changed} changed, ${r.unrecorded} unrecorded, ${r.dependants} depending on them)`;
}

const WHERE: Record<string, { en: string; zh: string }> = {
  'failed-node': { en: 'on this node', zh: '在此节点上' },
  'control-plane': { en: 'on the control plane', zh: '在控制平面节点上' },
  'every-node': { en: 'on every node', zh: '在每个节点上' },
};

/**
 * A failed step's diagnosis, printed under its failure line: what it is, the evidence line (and
 * which text it is a line of), why, the fix and the exact commands an automatic fix would run.
 */
export function formatTaskDiagnosis(d: TaskDiagnosis, lang: 'en' | 'zh'): string[] {
  const zh = lang === 'zh';
  const source = d.source === 'step output' ? (zh ? '步骤输出' : 'step output') : d.source;
  const lines = [
    `${zh ? '诊断' : 'diagnosis'}: ${d.title[lang]} [${d.signatureId}]`,
    `${zh ? '证据' : 'evidence'} (${source}, ${zh ? `第 ${d.evidence.line} 行` : `line ${d.evidence.line}`}): ${d.evidence.text}`,
    `${zh ? '原因' : 'why'}: ${d.explanation[lang]}`,
    `${zh ? '修复' : 'fix'}: ${d.fix.text[lang]}`,
  ];
  const p = d.fix.preview;
  if (p) {
    const where = WHERE[p.runsOn]?.[lang] ?? p.runsOn;
    const warn = p.destructive ? (zh ? '，会删除数据' : ', destroys data') : '';
    lines.push(`${zh ? '自动修复' : 'automatic fix'} ${p.id} (${where}${warn}):`);
    for (const c of p.commands) lines.push(`  $ ${c}`);
    if (p.missingParams.length > 0) {
      const names = p.missingParams.map((m) => `\${${m}}`).join(', ');
      lines.push(`  ${zh ? '需要填写' : 'fill in'}: ${names}`);
    }
  }
  return lines;
}

function seconds(ms: number): string {
  return ms >= 60_000
    ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
    : `${(ms / 1000).toFixed(1)} s`;
}
