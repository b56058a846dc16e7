import { isStepId, STEPS, stepInfo } from '../catalog/steps';
import type { Project } from '../model/project';
import type { TaskState } from '../model/runState';
import type { AppliedFix, ReportLang, ReportTimeline, TimelineTask } from './model';

/** Milliseconds between two ISO times, or undefined when either is missing or unparsable. */
export function spanMs(start: string | undefined, end: string | undefined): number | undefined {
  if (!start || !end) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function stepTitle(stepId: string, lang: ReportLang): string {
  if (!isStepId(stepId)) return stepId;
  const title = stepInfo(stepId).title;
  return lang === 'zh-CN' ? title.zh : title.en;
}

function stepRank(stepId: string): number {
  const i = STEPS.findIndex((s) => s.id === stepId);
  return i === -1 ? STEPS.length : i;
}

/**
 * The run as a timeline: every task in node order then install order, with its duration, its
 * attempts (more than one means it was retried) and any fix the diagnosis flow applied.
 */
export function buildTimeline(
  project: Project,
  fixes: readonly AppliedFix[],
  lang: ReportLang,
): ReportTimeline {
  const run = project.runState;
  const nodeRank = new Map(project.nodes.map((n, i) => [n.id, i]));
  const rankOf = (id: string): number => nodeRank.get(id) ?? project.nodes.length;
  const tasks = [...(run?.tasks ?? [])].sort(
    (a, b) =>
      rankOf(a.nodeId) - rankOf(b.nodeId) ||
      stepRank(a.stepId) - stepRank(b.stepId) ||
      a.stepId.localeCompare(b.stepId),
  );
  const stepIds = [...new Set(tasks.map((t) => t.stepId))].sort(
    (a, b) => stepRank(a) - stepRank(b) || a.localeCompare(b),
  );
  const toTask = (t: TaskState): TimelineTask => ({
    nodeId: t.nodeId,
    stepId: t.stepId,
    stepTitle: stepTitle(t.stepId, lang),
    status: t.status,
    attempts: t.attempts,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    durationMs: spanMs(t.startedAt, t.finishedAt),
    error: t.error ? `${t.error.code}: ${t.error.message}` : undefined,
    skipReason: t.skipReason,
  });
  const finishedAt =
    run?.finishedAt ??
    tasks
      .map((t) => t.finishedAt)
      .filter((s): s is string => Boolean(s))
      .sort()
      .at(-1);
  return {
    runId: run?.runId,
    startedAt: run?.startedAt,
    finishedAt,
    durationMs: spanMs(run?.startedAt, finishedAt),
    steps: stepIds.map((id) => ({ id, title: stepTitle(id, lang) })),
    tasks: tasks.map(toTask),
    retries: tasks.reduce((sum, t) => sum + Math.max(0, t.attempts - 1), 0),
    fixes: fixes.map((f) => ({ ...f, commands: [...f.commands] })),
  };
}
