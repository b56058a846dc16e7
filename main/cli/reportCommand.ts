import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import { HostFactsSchema, type HostFacts } from '../../common/model/facts';
import { PreflightRunSchema } from '../../common/contracts/preflight';
import { PreflightReportSchema, type PreflightReport } from '../../common/model/preflight';
import type { NetworkMatrix } from '../../common/model/verification';
import { VerificationSchema } from '../../common/model/verification';
import type { ReportLang } from '../../common/report/model';
import { parseOrThrow } from '../../common/validation';
import type { ReportDeps } from '../report/collect';
import { PAPER_SIZES, type PdfRenderer, type PaperSize } from '../report/pdf';
import { REPORT_EXTENSIONS, REPORT_FORMATS, type ReportFormat } from '../report/write';
import { withCliBackend, type CliBackend, type CliDeps } from './cliBackend';
import { processOut, type CliOut } from './cliContext';

export interface ReportOptions {
  format?: ReportFormat;
  output: string;
  file: string;
  lang: ReportLang;
  paper: PaperSize;
  facts?: string;
  preflight?: string;
  verification?: string;
  /** Run facts, preflight and verification on the machines before writing. */
  live?: boolean;
  acceptNewHostKeys?: boolean;
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

/** The sources `--facts`, `--preflight` and `--verification` put in place of the records. */
export function reportOverrides(
  opts: Pick<ReportOptions, 'facts' | 'preflight' | 'verification'>,
): Partial<ReportDeps> {
  const deps: Partial<ReportDeps> = {};
  const { facts, preflight, verification } = opts;
  if (facts) deps.facts = () => readFacts(facts);
  if (preflight) {
    deps.preflight = async () => (await readPreflight(preflight)).report;
    deps.preflightMatrices = async () => (await readPreflight(preflight)).matrices;
  }
  if (verification)
    deps.verification = () => readJson(verification, VerificationSchema, 'verification');
  return deps;
}

/** report.export's fields by the flag that sets them, so a refusal names the flag. */
const REPORT_FLAGS: Record<string, string> = {
  path: '-o',
  format: '--format',
  lang: '--lang',
  paper: '--paper',
  facts: '--facts',
  preflight: '--preflight',
  verification: '--verification',
};

/**
 * `--live`: facts, preflight and verification run on the machines now, through the same requests
 * as the UI's buttons (nodes.facts, preflight.run, verify.run); each is recorded by the back end
 * where the report reads it. A source given as a file is not run.
 */
async function gatherLive(cli: CliBackend, opts: ReportOptions, io: CliOut): Promise<void> {
  const ids = cli.project.get().nodes.map((n) => n.id);
  if (!opts.facts && ids.length > 0) {
    io.err('kubelab report: gathering facts of every node\n');
    await cli.call('nodes.facts', { ids });
  }
  if (!opts.preflight) {
    io.err('kubelab report: running preflight\n');
    await cli.call('preflight.run', { matrix: true, context: 'install' });
  }
  if (!opts.verification) {
    io.err('kubelab report: verifying the cluster\n');
    await cli.call('verify.run', { pods: true });
  }
}

/**
 * Writes the report of a project file through the contract's report.export, the UI's export:
 * facts, the last preflight and the last verification come from the project's records as the UI
 * reads them (main/report/sources.ts), or are run first with `--live`; `--facts`, `--preflight`
 * and `--verification` files replace them. Returns the number of bytes written.
 */
export async function runReport(
  opts: ReportOptions,
  deps: CliDeps & { pdf?: PdfRenderer } = {},
): Promise<number> {
  const io = deps.io ?? processOut;
  const format = formatFor(opts);
  const path = resolve(opts.output);
  let bytes = 0;
  const report = { ...reportOverrides(opts), ...(deps.pdf ? { pdf: deps.pdf } : {}) };
  const command = { ...opts, command: 'report', flags: REPORT_FLAGS, report };
  const code = await withCliBackend(command, deps, async (cli) => {
    if (opts.live) await gatherLive(cli, opts, io);
    const lang = opts.lang;
    const written = await cli.call('report.export', { format, path, lang, paper: opts.paper });
    bytes = written.bytes;
    io.out(`Wrote ${written.path} (${written.bytes} bytes).\n`);
    return 0;
  });
  if (code !== 0) throw new ReportFailed(code);
  return bytes;
}

/** The report was not written; its reason is printed already. `code` is the exit status. */
export class ReportFailed extends Error {
  constructor(readonly code: number) {
    super(`kubelab report failed (exit ${code})`);
  }
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
    .option(
      '--live',
      'gather facts, run preflight and verify on the machines now (instead of the last recorded ones)',
      false,
    )
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .addHelpText(
      'after',
      '\nWithout --live the report reads the last recorded preflight (kubelab preflight) and verification\n(kubelab verify) beside the project, and the facts of the nodes that answer within 8 s, as the UI does.\n\nExamples:\n  kubelab report -o cluster.html\n  kubelab report --live -o cluster.md\n  kubelab report --format pdf -o cluster.pdf --lang zh-CN\n\nPDF needs Chromium (/usr/bin/chromium or KUBELAB_CHROMIUM).',
    )
    .action(async (opts: ReportOptions) => {
      try {
        await runReport(opts);
      } catch (err) {
        if (!(err instanceof ReportFailed)) throw err;
        process.exitCode = err.code;
      }
    });
}
