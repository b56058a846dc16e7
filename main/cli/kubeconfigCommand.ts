import { open, rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../common/model/appError';
import { withCliBackend, type CliDeps } from './cliBackend';
import { processOut } from './cliContext';

export interface KubeconfigCommandOptions {
  file: string;
  /** A path, `-` for stdout; unset: `<cluster>-admin.conf` in the current directory. */
  output?: string;
  force: boolean;
  acceptNewHostKeys: boolean;
}

/**
 * Writes the kubeconfig readable by its owner only (0600, as kubeadm keeps admin.conf). The file
 * is created exclusively, so an existing file is never half-overwritten; with `force` it is
 * removed first, so the new one is created 0600 whatever mode the old one had.
 */
export async function writeKubeconfigFile(
  path: string,
  kubeconfig: string,
  force: boolean,
): Promise<void> {
  if (force) await rm(path, { force: true });
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
    await handle.writeFile(kubeconfig);
  } finally {
    await handle.close();
  }
}

/**
 * `kubelab kubeconfig -f kubelab.yaml [-o file|-]`: the installed cluster's admin kubeconfig,
 * the UI's Kubeconfig dialog's request (cluster.kubeconfig) through the CLI back end.
 */
export async function runKubeconfig(
  opts: KubeconfigCommandOptions,
  deps: CliDeps = {},
): Promise<number> {
  const io = deps.io ?? processOut;
  return withCliBackend({ ...opts, command: 'kubeconfig' }, deps, async (cli) => {
    const out = await cli.call('cluster.kubeconfig', {});
    const servers = out.servers.join(', ');
    const note = out.rewritten
      ? `server ${servers} (rewritten: the recorded address is not the one kubelab reaches the node by)`
      : `server ${servers}`;
    if (opts.output === '-') {
      io.out(out.kubeconfig);
      io.err(`kubelab: ${note}\n`);
      return 0;
    }
    const path = opts.output ?? out.filename;
    await writeKubeconfigFile(path, out.kubeconfig, opts.force);
    io.err(
      `wrote ${path} (mode 0600; it grants full admin access to the cluster), ${note}\n` +
        `use it: KUBECONFIG=${path} kubectl get nodes\n`,
    );
    return 0;
  });
}

export function registerKubeconfig(program: Command): void {
  program
    .command('kubeconfig')
    .description(
      "save the installed cluster's admin kubeconfig (full admin access), its API address reachable from here",
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('-o, --output <file>', 'where to write it; - prints it (default: <cluster>-admin.conf)')
    .option('--force', 'overwrite an existing file', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .action(async (opts: KubeconfigCommandOptions) => {
      process.exitCode = await runKubeconfig(opts);
    });
}
