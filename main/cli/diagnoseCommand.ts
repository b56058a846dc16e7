import { readFile, stat } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { classify } from '../../common/diagnosis';
import type { DiagnoseResult, Diagnosis, LocalizedText } from '../../common/model/diagnosis';

/** Refuse anything bigger: a kubelet journal of a day is a few MB; this is a pasted log, not a disk. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Exit status when nothing matched, so scripts can tell "diagnosed" from "unknown". */
export const EXIT_UNKNOWN = 3;

export type Lang = 'en' | 'zh';

export interface DiagnoseIo {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  write(text: string): void;
}

export interface DiagnoseOptions {
  json: boolean;
  lang: Lang;
}

async function readLimitedFile(path: string): Promise<string> {
  const info = await stat(path);
  if (info.size > MAX_INPUT_BYTES) {
    throw new InvalidArgumentError(`${path} is larger than 64 MB; pass its last lines instead.`);
  }
  return readFile(path, 'utf8');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_INPUT_BYTES) throw new InvalidArgumentError('stdin is larger than 64 MB.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const processIo: DiagnoseIo = {
  readFile: readLimitedFile,
  readStdin,
  write: (text) => {
    process.stdout.write(text);
  },
};

const TARGET: Record<string, LocalizedText> = {
  'failed-node': { en: 'on the failed node', zh: '在出错的节点上' },
  'control-plane': { en: 'on a control-plane node', zh: '在控制平面节点上' },
  'every-node': { en: 'on every node', zh: '在每个节点上' },
};

function formatDiagnosis(d: Diagnosis, index: number, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = [
    `${index}. ${d.title[lang]}  [${d.kind} · ${d.category}]`,
    `   ${zh ? '证据' : 'evidence'} (${zh ? '第' : 'line'} ${d.evidence.line}${zh ? ' 行' : ''}): ${d.evidence.text}`,
    `   ${zh ? '原因' : 'why'}: ${d.explanation[lang]}`,
    `   ${zh ? '修复' : 'fix'}: ${d.fix.text[lang]}`,
  ];
  const p = d.fix.preview;
  if (p) {
    const where = TARGET[p.runsOn]?.[lang] ?? p.runsOn;
    const warn = p.destructive ? (zh ? '，会删除数据' : ', destroys data') : '';
    lines.push(`   ${zh ? '自动修复' : 'automatic fix'} ${p.id} (${where}${warn}):`);
    for (const c of p.commands) lines.push(`     ${c}`);
    if (p.missingParams.length > 0) {
      lines.push(
        `     ${zh ? '需要填写' : 'fill in'}: ${p.missingParams.map((m) => `\${${m}}`).join(', ')}`,
      );
    }
  }
  if (d.references.length > 0) {
    lines.push(`   ${zh ? '相关 issue' : 'seen in'}: ${d.references.join(', ')}`);
  }
  return lines.join('\n');
}

/** The human-readable report: summary first, then each finding, best first. */
export function formatResult(result: DiagnoseResult, lang: Lang): string {
  const head =
    lang === 'zh'
      ? `kubelab diagnose：扫描 ${result.linesScanned} 行`
      : `kubelab diagnose: scanned ${result.linesScanned} lines`;
  const body = result.diagnoses.map((d, i) => formatDiagnosis(d, i + 1, lang));
  return [head, result.summary[lang], ...body].join('\n\n') + '\n';
}

/** Runs one diagnosis; returns the exit status (0 diagnosed, EXIT_UNKNOWN nothing known). */
export async function runDiagnose(
  file: string,
  options: DiagnoseOptions,
  io: DiagnoseIo = processIo,
): Promise<number> {
  const text = file === '-' ? await io.readStdin() : await io.readFile(file);
  const result = classify(text);
  io.write(
    options.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result, options.lang),
  );
  return result.known ? 0 : EXIT_UNKNOWN;
}

function parseLang(value: string): Lang {
  if (value === 'en' || value === 'zh') return value;
  throw new InvalidArgumentError(`--lang must be en or zh, got "${value}".`);
}

function defaultLang(): Lang {
  return /^zh/i.test(process.env.LC_ALL ?? process.env.LANG ?? '') ? 'zh' : 'en';
}

export function registerDiagnose(program: Command): void {
  program
    .command('diagnose')
    .description(
      'explain a failure from kubeadm / kubelet / kubectl / apt / dnf / containerd / docker / crictl output, from any machine',
    )
    .argument('[file]', 'a log file, or - to read stdin', '-')
    .option('--json', 'print the result as JSON (schema: DiagnoseResultSchema)', false)
    .option('--lang <lang>', 'language of the report: en or zh', parseLang, defaultLang())
    .addHelpText(
      'after',
      '\nExamples:\n  journalctl -u kubelet --no-pager | tail -300 | kubelab diagnose -\n  kubelab diagnose kubeadm-init.log --json\n\nExit status: 0 when a known failure was found, 3 when none was.',
    )
    .action(async (file: string, opts: { json: boolean; lang: Lang }) => {
      process.exitCode = await runDiagnose(file, opts);
    });
}
