import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { evaluatePreflight } from '../../common/preflight';
import {
  PreflightInputSchema,
  type CheckResult,
  type PreflightReport,
} from '../../common/model/preflight';
import type { FixOutcome, PreflightRun } from '../../common/contracts/preflight';
import { withCliBackend, type CliDeps } from './cliBackend';
import { processOut } from './cliContext';
import type { Lang } from './diagnoseCommand';

/** Exit status when a blocking check fails. */
export const EXIT_BLOCKED = 3;

const MARK: Record<string, string> = { pass: 'ok  ', fail: 'FAIL', unknown: '?   ' };

/** `AUTO`: kubelab's install does this itself (fixedBy); `WARN`: a warning to read. */
function markOf(r: CheckResult): string {
  if (r.status === 'fail' && r.fixedBy) return 'AUTO';
  return r.status === 'fail' && r.severity === 'warn' ? 'WARN' : (MARK[r.status] ?? r.status);
}

function formatResult(r: CheckResult, lang: Lang): string {
  const head = `${markOf(r)} ${r.checkId.padEnd(22)} ${r.nodeIds.join(',')}`;
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
  const auto = report.results.filter((r) => r.status === 'fail' && r.fixedBy).length;
  const summary =
    lang === 'zh'
      ? `预检：${block} 项阻断，${warn} 项警告（其中 ${auto} 项由 kubelab 安装处理），${unknown} 项未检查，${pass} 项通过`
      : `preflight: ${block} blocking, ${warn} warnings (${auto} done by kubelab's install), ${unknown} not checked, ${pass} passed`;
  const shown = report.results.filter((r) => verbose || r.status !== 'pass');
  return [summary, ...shown.map((r) => formatResult(r, lang))].join('\n\n') + '\n';
}

/**
 * Evaluates gathered facts from a JSON file (`{ plan, nodes: [{ role, facts, probes }] }`);
 * `runProjectPreflight` gathers them from the project's machines over SSH.
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

export interface ProjectPreflightOptions {
  file: string;
  json: boolean;
  lang: Lang;
  all: boolean;
  matrix: boolean;
  /** `--existing`: no kubelab install follows, so what its steps would do blocks too. */
  existing?: boolean;
  acceptNewHostKeys: boolean;
  /** `--fix ID [--node N] [--set k=v] --yes`: apply that check's fix, then check again. */
  fix?: string;
  node?: string;
  params: Record<string, string>;
  yes: boolean;
}

/** The matrices and listener cleanup, after the report. */
function formatRun(run: PreflightRun, lang: Lang, all: boolean): string {
  const lines = [formatReport(run.report, lang, all).trimEnd()];
  for (const u of run.unreachable) lines.push(`\nUNREACHABLE ${u.nodeId}: ${u.message}`);
  for (const m of run.matrices) {
    const bad = m.cells.filter((c) => !c.ok);
    lines.push(
      `\nmatrix ${m.probe}: ${m.cells.length - bad.length}/${m.cells.length} ok${bad.length ? ` — broken: ${bad.map((c) => `${c.from}→${c.to}`).join(', ')}` : ''}`,
    );
  }
  for (const l of run.listeners) {
    lines.push(
      `listeners on ${l.nodeId}: ${l.started} via ${l.tool}, ${l.removed ? 'removed' : `NOT removed ${l.error ?? l.left.join(',')}`}`,
    );
  }
  lines.push(`(${(run.durationMs / 1000).toFixed(1)} s)`);
  return `${lines.join('\n')}\n`;
}

function formatFix(o: FixOutcome, lang: Lang): string {
  const lines = [`fix ${o.fixId} on ${o.ranOn.join(', ')}:`];
  for (const c of o.commands) lines.push(`  [${c.nodeId}] exit ${c.exitCode}: ${c.command}`);
  lines.push(o.fixed ? 'the check passes now:' : 'the check still fails:');
  for (const r of o.recheck)
    lines.push(`  ${r.status} ${r.checkId} ${r.nodeIds.join(',')}: ${r.message[lang]}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `kubelab preflight -f kubelab.yaml`: facts and probes on every node of the project, the network
 * matrix between them, the checks; with `--fix ID --yes`, that check's fix on its node and a new
 * run. Exit 0 when nothing blocks (or the fix worked), 3 otherwise.
 */
export async function runProjectPreflight(
  opts: ProjectPreflightOptions,
  deps: CliDeps = {},
): Promise<number> {
  if (opts.fix && !opts.yes) {
    throw new InvalidArgumentError(
      `--fix ${opts.fix} runs commands as root on a node: look at its preview (kubelab preflight -f ${opts.file}) and add --yes.`,
    );
  }
  const io = deps.io ?? processOut;
  const write = (t: string): void => io.out(t);
  const context = opts.existing ? 'existing' : 'install';
  return withCliBackend(
    { ...opts, command: 'preflight', flags: PREFLIGHT_FLAGS },
    deps,
    async (cli) => {
      // The back end keeps the run beside the project (kubelab-preflight.json) for the report.
      const before = await cli.call('preflight.run', { matrix: opts.matrix, context });
      if (!opts.fix) {
        write(
          opts.json
            ? `${JSON.stringify(before, null, 2)}\n`
            : formatRun(before, opts.lang, opts.all),
        );
        return before.report.ok ? 0 : EXIT_BLOCKED;
      }
      const candidates = before.report.results.filter(
        (r) => r.checkId === opts.fix && r.status === 'fail',
      );
      const nodeId =
        opts.node ?? (candidates.length === 1 ? candidates[0]?.nodeIds.at(-1) : undefined);
      if (!nodeId) {
        throw new InvalidArgumentError(
          candidates.length === 0
            ? `${opts.fix} does not fail on any node.`
            : `${opts.fix} fails on ${candidates.map((c) => c.nodeIds.join('→')).join(', ')}: name one with --node.`,
        );
      }
      const outcome = await cli.call('preflight.fix', {
        checkId: opts.fix,
        nodeId,
        params: opts.params,
        confirm: true,
        context,
      });
      write(opts.json ? `${JSON.stringify(outcome, null, 2)}\n` : formatFix(outcome, opts.lang));
      return outcome.fixed ? 0 : EXIT_BLOCKED;
    },
  );
}

/** preflight.fix's fields by the flag that sets them, so a refusal names the flag. */
const PREFLIGHT_FLAGS: Record<string, string> = {
  checkId: '--fix',
  nodeId: '--node',
  params: '--set',
};

function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const i = value.indexOf('=');
  if (i < 1) throw new InvalidArgumentError(`--set wants name=value, got "${value}".`);
  return { ...previous, [value.slice(0, i)]: value.slice(i + 1) };
}

export function registerPreflight(program: Command): void {
  program
    .command('preflight')
    .description(
      'check nodes before an install: per node, across nodes and the network between them (block / warn, with fixes)',
    )
    .option('-f, --file <file>', 'project file: check its machines over SSH')
    .option(
      '--facts <file>',
      'instead: evaluate gathered facts, JSON { plan, nodes: [{ role, facts, probes }] }',
    )
    .option(
      '--json',
      'print the result as JSON (PreflightRunSchema; with --facts PreflightReportSchema)',
      false,
    )
    .option('--all', 'also list the checks that passed', false)
    .option('--lang <lang>', 'language of the report: en or zh', 'en')
    .option('--no-matrix', 'skip the network matrix between the nodes')
    .option(
      '--existing',
      "no kubelab install follows (an existing cluster): what kubelab's own steps would set up (modules, sysctls, the runtime's cgroup driver, the kubelet's tools) blocks too",
      false,
    )
    .option(
      '--fix <check>',
      "apply that failing check's fix (the commands its preview shows), then check again",
    )
    .option('--node <id>', 'with --fix: the node (for a pair, either end) when it fails on several')
    .option(
      '--set <name=value>',
      'with --fix: a value the fix needs (e.g. hostname=node2)',
      collectParam,
      {},
    )
    .option('--yes', 'with --fix: run it (it runs as root on the node)', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .addHelpText(
      'after',
      '\nExit status: 0 when nothing blocks the install (or the fix worked), 3 when a check blocks it.',
    )
    .action(
      async (opts: {
        file?: string;
        facts?: string;
        json: boolean;
        all: boolean;
        lang: string;
        matrix: boolean;
        existing: boolean;
        fix?: string;
        node?: string;
        set: Record<string, string>;
        yes: boolean;
        acceptNewHostKeys: boolean;
      }) => {
        const lang: Lang = opts.lang === 'zh' ? 'zh' : 'en';
        if (opts.facts) {
          process.exitCode = await runPreflight(opts.facts, {
            json: opts.json,
            lang,
            all: opts.all,
          });
          return;
        }
        process.exitCode = await runProjectPreflight({
          file: opts.file ?? 'kubelab.yaml',
          json: opts.json,
          lang,
          all: opts.all,
          matrix: opts.matrix,
          existing: opts.existing,
          acceptNewHostKeys: opts.acceptNewHostKeys,
          fix: opts.fix,
          node: opts.node,
          params: opts.set,
          yes: opts.yes,
        });
      },
    );
}
