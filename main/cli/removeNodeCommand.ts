import { InvalidArgumentError, type Command } from 'commander';
import { operationInfo } from '../../common/catalog/operations';
import { removeNodeOperation } from '../operations/remove-node';
import type { CliDeps } from './cliBackend';
import { asUsageError, startContractRun, withRunBackend } from './contractRun';
import { operationParams } from './operationParams';
import { exitCodeOf, processIo, type CliIo } from './ioAndExitStatus';

export interface RemoveNodeOptions {
  file: string;
  node: string;
  yes: boolean;
  unreachable: boolean;
  lastControlPlane: boolean;
  forceQuorumLoss: boolean;
  acceptNewHostKeys: boolean;
  verbose: boolean;
}

/**
 * `kubelab remove-node NODE --yes [--unreachable]`: the remove-node operation through the engine,
 * recorded in the project (a cut-short removal resumes). Once it succeeds the run service drops
 * the machine's tasks from the cluster's record, so the machine is offered to join again.
 */
export async function runRemoveNode(
  opts: RemoveNodeOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  const params = operationParams(
    removeNodeOperation,
    {
      nodeId: opts.node,
      ...(opts.unreachable ? { unreachable: true } : {}),
      ...(opts.lastControlPlane ? { confirmLastControlPlane: true } : {}),
      ...(opts.forceQuorumLoss ? { confirmQuorumLoss: true } : {}),
    },
    'NODE',
  );
  if (!opts.yes) {
    throw new InvalidArgumentError(
      `this removes ${opts.node} from the cluster. Destroyed: ${operationInfo('remove-node').destroys?.en ?? ''} Pass --yes to confirm`,
    );
  }
  return withRunBackend({ ...opts, command: 'remove-node' }, io, deps, async (cli) => {
    // run.start checks the project, the params and the removal itself (removalOf: the last
    // control plane, etcd quorum) before anything reaches a machine, as for the UI's dialog;
    // --yes stands for the cluster name it asks to be typed.
    const start = {
      operation: 'remove-node' as const,
      params,
      confirm: cli.project.get().plan.clusterName,
    };
    const result = await startContractRun(cli, {
      start,
      io,
      verbose: opts.verbose,
      signals: deps.signals,
    }).catch((err: unknown) => {
      throw asUsageError(err, REMOVE_FLAGS);
    });
    // The run service forgets the removed machine in the cluster's record (the operation's
    // `leaves`), as it does for a removal the UI starts.
    return exitCodeOf(result);
  });
}

/** remove-node's params by the flag that sets each. */
const REMOVE_FLAGS: Record<string, string> = {
  'params.nodeId': 'NODE',
  'params.unreachable': '--unreachable',
  'params.confirmLastControlPlane': '--last-control-plane',
  'params.confirmQuorumLoss': '--force-quorum-loss',
};

export function registerRemoveNode(program: Command): void {
  program
    .command('remove-node <node>')
    .description(
      'take a machine out of the cluster: drain, etcd member (control plane), kubeadm reset and cleanup, node object',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option(
      '--yes',
      'confirm: the machine’s place in the cluster and its Kubernetes state go',
      false,
    )
    .option(
      '--unreachable',
      'the machine is dead or off: remove it from the cluster (and etcd) without touching it',
      false,
    )
    .option(
      '--last-control-plane',
      'confirm removing the last control plane, which ends the cluster',
      false,
    )
    .option(
      '--force-quorum-loss',
      'confirm removing a control plane whose etcd member removal breaks etcd quorum (the API server stops)',
      false,
    )
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option('-v, --verbose', 'print every step’s output', false)
    .action(async (node: string, o: Omit<RemoveNodeOptions, 'node'>) => {
      process.exitCode = await runRemoveNode({ ...o, node });
    });
}
