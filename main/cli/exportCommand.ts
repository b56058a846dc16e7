import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportProject, type ExportKind } from '../services/export/exportService';
import { loadProject } from '../store/projectFile';

export interface ExportOptions {
  output: string;
  file: string;
  force: boolean;
}

/** `kubelab export ansible`: the project's install as an inventory, host vars, scripts and playbook. */
export async function runExport(
  kind: ExportKind,
  opts: ExportOptions,
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  const project = await loadProject(resolve(opts.file));
  const { dir, files } = await exportProject(project, kind, opts.output, opts.force);
  out(`wrote ${files.length} files to ${dir}\n`);
  out(
    `run: cd ${dir} && ansible-playbook -i inventory playbook.yml   (--check: what is still needed)\n`,
  );
  return 0;
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
