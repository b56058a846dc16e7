import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import { HostFactsSchema, type HostFacts } from '../../common/model/facts';
import { PreflightRunSchema } from '../../common/contracts/preflight';
import { PreflightReportSchema, type PreflightReport } from '../../common/model/preflight';
import type { NetworkMatrix } from '../../common/model/verification';
import { VerificationSchema } from '../../common/model/verification';
import { buildReport } from '../../common/report/build';
import type { ReportLang } from '../../common/report/model';
import { parseOrThrow } from '../../common/validation';
import { collectReportInput, type ReportDeps } from '../report/collect';
import { dayTwoReportSources } from '../report/dayTwoSources';
import { chromiumPdfRenderer, PAPER_SIZES, type PaperSize } from '../report/pdf';
import {
  exportReport,
  REPORT_EXTENSIONS,
  REPORT_FORMATS,
  type ReportFormat,
} from '../report/write';
import { loadProject } from '../store/projectFile';
import { currentVerification, loadVerification } from '../verify/store';
import { openCliSecrets } from './cliContext';

export interface ReportOptions {
  format?: ReportFormat;
  output: string;
  file: string;
  lang: ReportLang;
  paper: PaperSize;
  facts?: string;
  preflight?: string;
  verification?: string;
}

function parseFormat(value: string): ReportFormat {
  const f = value.toLowerCase() === 'markdown' ? 'md' : value.toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(f)) return f as ReportFormat;
  throw new InvalidArgumentError(`--format must be html, pdf, md or json, got "${value}".`);
}

function parseLang(value: string): ReportLang {
  if (value === 'en') return 'en';
  if (/^zh([-_]cn)?$/i.test(value)) return 'zh-CN';
  throw new InvalidArgumentError(`--lang must be en or zh-CN, got "${value}".`);
}

function parsePaper(value: string): PaperSize {
  const p = PAPER_SIZES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (p) return p;
  throw new InvalidArgumentError(`--paper must be A4 or Letter, got "${value}".`);
}

function defaultLang(): ReportLang {
  return /^zh/i.test(process.env.LC_ALL ?? process.env.LANG ?? '') ? 'zh-CN' : 'en';
}

/** The format named by `--format`, else by the output file's extension. */
export function formatFor(opts: Pick<ReportOptions, 'format' | 'output'>): ReportFormat {
  if (opts.format) return opts.format;
  const ext = extname(opts.output).toLowerCase();
  const found = REPORT_FORMATS.find((f) => REPORT_EXTENSIONS[f].includes(ext));
  if (!found)
    throw new InvalidArgumentError(
      'Give --format html|pdf|md|json (the -o name has no known extension).',
    );
  return found;
}

async function readJson<S extends z.ZodType>(
  path: string,
  schema: S,
  what: string,
): Promise<z.output<S>> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  return parseOrThrow(schema, raw, what);
}

/**
 * `--facts`: what `kubelab nodes facts --json` prints (`{ results: [{ nodeId, facts } | { nodeId,
 * error }] }`; nodes whose facts could not be gathered are left out), or a bare HostFacts array.
 */
async function readFacts(path: string): Promise<HostFacts[]> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  const gathered = z
    .object({ results: z.array(z.object({ facts: HostFactsSchema.optional() })) })
    .safeParse(raw);
  if (gathered.success) return gathered.data.results.flatMap((r) => (r.facts ? [r.facts] : []));
  return parseOrThrow(HostFactsSchema.array(), raw, 'facts');
}

/**
 * `--preflight`: what `kubelab preflight --json` prints (the report with its before-install
 * matrices), or a bare preflight report.
 */
async function readPreflight(
  path: string,
): Promise<{ report: PreflightReport; matrices: readonly NetworkMatrix[] }> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  const run = PreflightRunSchema.safeParse(raw);
  if (run.success) return { report: run.data.report, matrices: run.data.matrices };
  return { report: parseOrThrow(PreflightReportSchema, raw, 'preflight'), matrices: [] };
}

/** Builds the report of a project file and writes it; returns the number of bytes written. */
export async function runReport(opts: ReportOptions, pdf = chromiumPdfRenderer()): Promise<number> {
  const format = formatFor(opts);
  const project = await loadProject(resolve(opts.file));
  // The vault too (as serve and apply open it), so its passwords are removed verbatim.
  const deps: ReportDeps = {
    secrets: await openCliSecrets(),
    ...dayTwoReportSources(() => resolve(opts.file)),
  };
  const { facts, preflight, verification } = opts;
  if (facts) deps.facts = () => readFacts(facts);
  if (preflight) {
    deps.preflight = async () => (await readPreflight(preflight)).report;
    deps.preflightMatrices = async () => (await readPreflight(preflight)).matrices;
  }
  // Without --verification, the last `kubelab verify` saved beside the project file, unless a run
  // recorded since has changed the cluster (currentVerification).
  deps.verification = verification
    ? () => readJson(verification, VerificationSchema, 'verification')
    : async () => currentVerification(await loadVerification(resolve(opts.file)), project.runState);
  const report = buildReport(await collectReportInput(project, deps, opts.lang));
  return exportReport(report, format, resolve(opts.output), { pdf, paper: opts.paper });
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'write the cluster report (HTML, PDF, Markdown or JSON) of a project; secrets are redacted',
    )
    .requiredOption('-o, --output <file>', 'where to write the report')
    .option(
      '--format <format>',
      'html, pdf, md or json (default: from the -o extension)',
      parseFormat,
    )
    .option('-f, --file <kubelab.yaml>', 'the project file', 'kubelab.yaml')
    .option('--lang <lang>', 'language: en or zh-CN', parseLang, defaultLang())
    .option('--paper <size>', 'PDF paper size: A4 or Letter', parsePaper, 'A4')
    .option(
      '--facts <file.json>',
      'node facts to include (the output of kubelab nodes facts --json)',
    )
    .option(
      '--preflight <file.json>',
      'preflight results to include (the output of kubelab preflight --json)',
    )
    .option('--verification <file.json>', 'verification results (VerificationSchema) to include')
    .addHelpText(
      'after',
      '\nExamples:\n  kubelab report -o cluster.html\n  kubelab report --format pdf -o cluster.pdf --lang zh-CN\n\nPDF needs Chromium (/usr/bin/chromium or KUBELAB_CHROMIUM).',
    )
    .action(async (opts: ReportOptions) => {
      const bytes = await runReport(opts);
      process.stdout.write(`Wrote ${resolve(opts.output)} (${bytes} bytes).\n`);
    });
}
