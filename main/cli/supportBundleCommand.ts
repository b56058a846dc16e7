import { open, rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../common/model/appError';
import { reportCliError } from './cliContext';
import { processIo, type CliIo } from './ioAndExitStatus';
import { readOnlyCall } from './runsCommand';

export interface SupportBundleOptions {
  file: string;
  /** Where to write it (default: the bundle's own name in the current directory). */
  output?: string;
  force: boolean;
}

/**
 * `kubelab support-bundle [-o FILE]`: the same bundle as the UI's button (support.bundle),
 * written 0600 (it holds the machines' addresses and logs, if no secret) and never over an
 * existing file without --force.
 */
export async function runSupportBundle(
  opts: SupportBundleOptions,
  io: CliIo = processIo(),
): Promise<number> {
  try {
    const bundle = await readOnlyCall(opts.file, 'support.bundle', {});
    const path = opts.output ?? bundle.filename;
    if (!/\.(tar\.gz|tgz)$/i.test(path)) {
      throw new AppError({
        code: 'invalid_payload',
        field: 'output',
        message: `output (-o): must end with .tar.gz or .tgz, got ${path}`,
      });
    }
    if (opts.force) await rm(path, { force: true });
    const handle = await open(path, 'wx', 0o600).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new AppError({
          code: 'file_exists',
          field: 'output',
          message: `${path} already exists; kubelab does not overwrite it without --force.`,
        });
      throw err;
    });
    try {
      await handle.writeFile(Buffer.from(bundle.base64, 'base64'));
    } finally {
      await handle.close();
    }
    io.err(
      `wrote ${path} (${bundle.bytes} bytes, ${bundle.files.length} files; secrets redacted, ` +
        `the list in manifest.json)\n`,
    );
    for (const m of bundle.missing) io.err(`  not included: ${m}\n`);
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.field === 'output') {
      io.err(`kubelab support-bundle: ${err.message}\n`);
      return 2;
    }
    return reportCliError(err, 'support-bundle', io);
  }
}

export function registerSupportBundle(program: Command): void {
  program
    .command('support-bundle')
    .description(
      'one .tar.gz with step logs, run records, facts, preflight, verify and the report, secrets redacted',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('-o, --output <file>', 'where to write it (default: <cluster>-support-<time>.tar.gz)')
    .option('--force', 'overwrite an existing file', false)
    .action(async (opts: SupportBundleOptions) => {
      process.exitCode = await runSupportBundle(opts);
    });
}
