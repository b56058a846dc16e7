import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { evaluatePreflight } from '../../common/preflight';
import {
  PreflightInputSchema,
  type CheckResult,
  type PreflightReport,
} from '../../common/model/preflight';
import type { Lang } from './diagnoseCommand';

/** Exit status when a blocking check fails. */
export const EXIT_BLOCKED = 3;

const MARK: Record<string, string> = { pass: 'ok  ', fail: 'FAIL', unknown: '?   ' };

function formatResult(r: CheckResult, lang: Lang): string {
  const head = `${r.status === 'fail' && r.severity === 'warn' ? 'WARN' : MARK[r.status]} ${r.checkId.padEnd(22)} ${r.nodeIds.join(',')}`;
  const lines = [head, `     ${r.message[lang]}`];
  if (r.evidence) lines.push(`     ${lang === 'zh' ? '证据' : 'evidence'}: ${r.evidence}`);
  if (r.fix) {
    lines.push(
      `     ${lang === 'zh' ? '自动修复' : 'automatic fix'} ${r.fix.id}${r.fix.destructive ? ' (destroys data)' : ''}:`,
    );
    for (const c of r.fix.commands) lines.push(`       ${c}`);
  }
  return lines.join('\n');
}

/** The report as the CLI prints it: problems first, passes as one line each. */
export function formatReport(report: PreflightReport, lang: Lang, verbose = false): string {
  const { block, warn, pass, unknown } = report.counts;
  const summary =
    lang === 'zh'
      ? `预检：${block} 项阻断，${warn} 项警告，${unknown} 项未检查，${pass} 项通过`
      : `preflight: ${block} blocking, ${warn} warnings, ${unknown} not checked, ${pass} passed`;
  const shown = report.results.filter((r) => verbose || r.status !== 'pass');
  return [summary, ...shown.map((r) => formatResult(r, lang))].join('\n\n') + '\n';
}

/**
 * Evaluates gathered facts from a JSON file (`{ plan, nodes: [{ role, facts, probes }] }`).
 * Gathering them over SSH joins this command once the engine's facts step is wired.
 */
export async function runPreflight(
  file: string,
  opts: { json: boolean; lang: Lang; all: boolean },
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InvalidArgumentError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = PreflightInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidArgumentError(
      `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const report = evaluatePreflight(parsed.data);
  write(
    opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, opts.lang, opts.all),
  );
  return report.ok ? 0 : EXIT_BLOCKED;
}

export function registerPreflight(program: Command): void {
  program
    .command('preflight')
    .description(
      'check nodes before an install: per node and across nodes (block / warn, with fixes)',
    )
    .requiredOption('--facts <file>', 'JSON with { plan, nodes: [{ role, facts, probes }] }')
    .option('--json', 'print the report as JSON (schema: PreflightReportSchema)', false)
    .option('--all', 'also list the checks that passed', false)
    .option('--lang <lang>', 'language of the report: en or zh', 'en')
    .addHelpText(
      'after',
      '\nExit status: 0 when nothing blocks the install, 3 when a check blocks it.',
    )
    .action(async (opts: { facts: string; json: boolean; all: boolean; lang: string }) => {
      const lang: Lang = opts.lang === 'zh' ? 'zh' : 'en';
      process.exitCode = await runPreflight(opts.facts, { json: opts.json, lang, all: opts.all });
    });
}
