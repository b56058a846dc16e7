import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ExportKind } from '../services/export/exportService';
import { MemorySecretStore } from '../store/secrets';
import { withCliBackend, type CliDeps } from './cliBackend';
import { processOut } from './cliContext';

export interface ExportOptions {
  output: string;
  file: string;
  force: boolean;
}

/** export.ansible's fields by the flag that sets them, so a refusal names the flag. */
const EXPORT_FLAGS: Record<string, string> = { outDir: '-o', force: '--force' };

/**
 * `kubelab export ansible`: the project's install as an inventory, host vars, scripts and playbook,
 * through the contract's export.ansible — the request the UI sends — so `-o` passes the same
 * schema (made absolute first, as the UI's directory picker gives it).
 */
export async function runExport(
  kind: ExportKind,
  opts: ExportOptions,
  deps: CliDeps = {},
): Promise<number> {
  const io = deps.io ?? processOut;
  const command = { file: opts.file, command: `export ${kind}`, flags: EXPORT_FLAGS };
  // Nothing exported is a secret (node passwords stay in the vault, keys are named by path), so
  // the export never unlocks the vault nor asks for its passphrase.
  const quiet = { ...deps, secrets: deps.secrets ?? new MemorySecretStore() };
  return withCliBackend(command, quiet, async (cli) => {
    const outDir = resolve(opts.output);
    const { dir, files } = await cli.call('export.ansible', { outDir, force: opts.force });
    io.out(`wrote ${files.length} files to ${dir}\n`);
    io.out(
      `run: cd ${dir} && ansible-playbook -i inventory playbook.yml   (--check: what is still needed)\n`,
    );
    return 0;
  });
}

export function registerExport(program: Command): void {
  const exp = program.command('export').description('hand the install to other tools (Ansible)');
  exp
    .command('ansible')
    .description(
      'write an Ansible inventory (Kubespray groups) and a playbook running kubelab’s own step scripts',
    )
    .requiredOption('-o, --output <dir>', 'output directory (must be empty or missing)')
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--force', 'replace a directory that is not empty', false)
    .action(async (o: ExportOptions) => {
      process.exitCode = await runExport('ansible', o);
    });
}
