import {
  DiagnosisFixRequestSchema,
  type DiagnosisFixOutcome,
  type DiagnosisFixRequest,
} from '../../common/contracts/diagnosis';
import type { FixOutcome, FixRequest, PreflightRun } from '../../common/contracts/preflight';
import { renderFix } from '../../common/diagnosis/fixes';
import { FixRequestSchema } from '../../common/contracts/preflight';
import { AppError } from '../../common/model/appError';
import type { FixPreview } from '../../common/model/diagnosis';
import type { NodeSpec } from '../../common/model/node';
import type { ClusterPlan } from '../../common/model/plan';
import type { CheckResult } from '../../common/model/preflight';
import { splitSections } from '../nodes/factsParser';
import { fixTargets, PAIRWISE_CHECKS } from '../../common/preflight/fixTargets';
import { runPreflight, type PreflightDeps, type PreflightOptions } from './preflightService';
import { SCRIPTS } from './scripts';

/** The same conservative set renderFix accepts: values end up inside shell lines. */
const SAFE_VALUE = /^[A-Za-z0-9._:/@,=+-]{1,253}$/;

const bad = (field: string, message: string): AppError =>
  new AppError({ code: 'invalid_payload', field, message });

/** The failing result the request names; for a pairwise one the node may be either end. */
export function findFailing(run: PreflightRun, checkId: string, nodeId: string): CheckResult {
  const r = run.report.results.find(
    (x) => x.checkId === checkId && x.status === 'fail' && x.nodeIds.includes(nodeId),
  );
  if (!r) throw bad('checkId', `No failing ${checkId} check on ${nodeId}.`);
  if (!r.fix)
    throw bad('checkId', `${checkId} offers no automatic fix; its message says what to do.`);
  return r;
}

/** Fills the preview's missing `${name}` placeholders from the request (checked like renderFix). */
export function fillParams(fix: FixPreview, params: Readonly<Record<string, string>>): string[] {
  for (const name of fix.missingParams) {
    const v = params[name];
    if (v === undefined) throw bad(`params.${name}`, `The fix ${fix.id} needs ${name}.`);
    if (!SAFE_VALUE.test(v))
      throw bad(`params.${name}`, `${name} may only contain letters, digits and . _ : / @ , = + -`);
  }
  return fix.commands.map((c) =>
    c.replace(/\$\{(\w+)\}/g, (whole, n: string) =>
      fix.missingParams.includes(n) ? (params[n] ?? whole) : whole,
    ),
  );
}

/** Where a fix runs (shared with the UI's preview): common/preflight/fixTargets.ts. */
export { fixTargets };

/** runfix.sh output → each command's exit code and output. */
export function parseRunfix(
  out: string,
  commands: readonly string[],
  nodeId: string,
): FixOutcome['commands'] {
  const s = splitSections(out);
  return commands.map((command, i) => ({
    nodeId,
    command,
    exitCode: Number(s.get(`exit${i + 1}`) ?? -1),
    output: (s.get(`cmd${i + 1}`) ?? '').slice(-4000),
  }));
}

/** Runs a fix's commands as root on each target in turn (runfix.sh: each command's exit and output). */
async function runFixOn(
  targets: readonly string[],
  fixId: string,
  commands: readonly string[],
  deps: PreflightDeps,
  signal: AbortSignal | undefined,
): Promise<FixOutcome['commands']> {
  const ran: FixOutcome['commands'] = [];
  for (const id of targets) {
    const res = await deps.remote(id).exec(SCRIPTS.runfix, {
      root: true,
      env: { KL_COMMANDS: commands.join('\n') },
      timeoutMs: 15 * 60_000,
      signal,
    });
    if (!res.stdout.includes('@@KL:end')) {
      throw new AppError({
        code: 'command_failed',
        nodeId: id,
        message: `The fix ${fixId} did not finish on ${id} (exit ${res.code}): ${res.stderr.trim()}`,
      });
    }
    ran.push(...parseRunfix(res.stdout, commands, id));
  }
  return ran;
}

/**
 * Applies the fix a failed step's diagnosis offers (`diagnosis.applyFix`), after the user saw its
 * preview: the commands are rendered here from the fix id and params (never taken from the
 * caller), with the same runner as preflight's fixes, on the failed node or where the fix says.
 */
export async function applyDiagnosisFix(
  request: DiagnosisFixRequest,
  nodes: readonly NodeSpec[],
  deps: PreflightDeps,
  signal?: AbortSignal,
): Promise<DiagnosisFixOutcome> {
  const req = DiagnosisFixRequestSchema.parse(request);
  if (!nodes.some((n) => n.id === req.nodeId))
    throw bad('nodeId', `No node ${req.nodeId} in the project.`);
  const fix = renderFix(req.fixId, req.params);
  const [missing] = fix.missingParams;
  if (missing !== undefined) throw bad(`params.${missing}`, `The fix ${fix.id} needs ${missing}.`);
  let targets = [req.nodeId];
  if (fix.runsOn === 'every-node') targets = nodes.map((n) => n.id);
  if (fix.runsOn === 'control-plane') {
    const cp = nodes.find((n) => n.role === 'control-plane');
    if (!cp) throw bad('nodeId', 'The project has no control-plane node.');
    targets = [cp.id];
  }
  const ran = await runFixOn(targets, fix.id, fix.commands, deps, signal);
  return { fixId: fix.id, ranOn: targets, commands: ran, ok: ran.every((c) => c.exitCode === 0) };
}

/**
 * Applies the fix a failing check offers, after the user confirmed its preview: exactly the
 * previewed lines, as root, on the node(s) it names; then preflight runs again and the check's
 * new results decide whether it worked. Both runs judge in the request's `context` (the one the
 * user ran preflight in; `before`, when given, must come from a run in that context too).
 */
export async function applyFix(
  request: FixRequest,
  nodes: readonly NodeSpec[],
  plan: ClusterPlan,
  deps: PreflightDeps,
  opts: Omit<PreflightOptions, 'context'> & { before?: PreflightRun } = {},
): Promise<FixOutcome> {
  const req = FixRequestSchema.parse(request);
  const { before: given, ...rest } = opts;
  const runOpts: PreflightOptions = { ...rest, context: req.context };
  const before = given ?? (await runPreflight(nodes, plan, deps, runOpts));
  const result = findFailing(before, req.checkId, req.nodeId);
  const fix = result.fix as FixPreview;
  const commands = fillParams(fix, req.params);
  const targets = fixTargets(result, fix, req.nodeId, nodes);
  const ran = await runFixOn(targets, fix.id, commands, deps, opts.signal);
  const after = await runPreflight(nodes, plan, deps, runOpts);
  const pairwise = PAIRWISE_CHECKS.has(result.checkId);
  const recheck = after.report.results.filter(
    (r) =>
      r.checkId === req.checkId &&
      (pairwise
        ? r.nodeIds.join() === result.nodeIds.join()
        : r.nodeIds.some((n) => result.nodeIds.includes(n))),
  );
  return {
    fixId: fix.id,
    ranOn: targets,
    commands: ran,
    recheck,
    fixed: recheck.every((r) => r.status !== 'fail'),
    run: after,
  };
}
