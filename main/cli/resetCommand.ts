import { InvalidArgumentError, type Command } from 'commander';
import type { CliDeps } from './cliBackend';
import { asUsageError, startContractRun, withRunBackend } from './contractRun';
import { exitCodeOf, processIo, type CliIo } from './ioAndExitStatus';

export interface ResetOptions {
  file: string;
  node?: string;
  yes: boolean;
  acceptNewHostKeys: boolean;
  verbose: boolean;
}

/**
 * `kubelab reset [--node N] --yes`: kubeadm reset plus CNI, interface and iptables cleanup on one
 * node (drained and deleted from the cluster first) or on every node. The reset run is recorded
 * beside the project after every transition (main/store/runRecords.ts), so a killed, failed or
 * cancelled reset is resumed by the next `kubelab reset` of the same node(s). Once it succeeds,
 * the reset nodes' tasks are dropped from the cluster's record: the next apply checks them afresh.
 */
export async function runReset(
  opts: ResetOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  if (!opts.yes) {
    throw new InvalidArgumentError(
      `this resets ${opts.node ? `node ${opts.node}` : 'every node of the cluster'} (kubeadm reset): pass --yes to confirm`,
    );
  }
  return withRunBackend({ ...opts, command: 'reset' }, io, deps, async (cli) => {
    const project = cli.project.get();
    if (opts.node && !project.nodes.some((n) => n.id === opts.node)) {
      throw new InvalidArgumentError(`no node "${opts.node}" in ${opts.file}`);
    }
    // The reset operations (main/operations) through run.start: the drain first (reset-node's
    // prelude, on the control plane, best effort), the run recorded beside the project like the
    // UI's reset; once it succeeds the reset machines leave the cluster's record. --yes stands
    // for the cluster name the UI's dialog asks to be typed.
    const start = opts.node
      ? { operation: 'reset-node' as const, params: { nodeId: opts.node } }
      : { operation: 'reset-cluster' as const, params: {} };
    const confirm = project.plan.clusterName;
    const result = await startContractRun(cli, {
      start: { ...start, confirm },
      io,
      verbose: opts.verbose,
      signals: deps.signals,
    }).catch((err: unknown) => {
      throw asUsageError(err, { 'params.nodeId': '--node' });
    });
    return exitCodeOf(result);
  });
}

export function registerReset(program: Command): void {
  program
    .command('reset')
    .description('kubeadm reset and clean up one node (--node) or the whole cluster')
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--node <id>', 'reset only this node (drained and deleted from the cluster first)')
    .option('--yes', 'confirm: this destroys the cluster’s state on the node(s)', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option('-v, --verbose', 'print every step’s output', false)
    .action(async (o: ResetOptions) => {
      process.exitCode = await runReset(o);
    });
}
