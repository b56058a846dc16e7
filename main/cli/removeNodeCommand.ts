import { InvalidArgumentError, type Command } from 'commander';
import { operationInfo } from '../../common/catalog/operations';
import { removalOf, removeNodeOperation } from '../operations/remove-node';
import { assertPlanValid } from '../services/remoteFactoryProject';
import { projectRunStateStore } from '../store/projectStore';
import { asArgumentError, operationParams } from './operationParams';
import { openCliProjectSession } from './projectSession';
import { exitCodeOf, processIo, runWithProgress, type CliIo } from './progressRun';

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
  const session = await openCliProjectSession(opts.file, {
    acceptNewHostKeys: opts.acceptNewHostKeys,
    interactive: true,
    write: io.err,
  });
  try {
    const project = session.project();
    const target = { nodes: project.nodes, plan: project.plan };
    let steps;
    let nodes;
    try {
      removalOf(params, target);
      steps = removeNodeOperation.steps(params, target);
      nodes = removeNodeOperation.nodes?.(params, target)?.slice();
    } catch (err) {
      throw asArgumentError(err);
    }
    assertPlanValid(project);
    const result = await runWithProgress({
      session,
      steps,
      stateStore: projectRunStateStore(session.store),
      start: { kind: 'remove-node', params, nodes },
      io,
      verbose: opts.verbose,
      command: 'remove-node',
    });
    // The run service forgets the removed machine in the cluster's record (the operation's
    // `leaves`), as it does for a removal the UI starts.
    return exitCodeOf(result);
  } finally {
    session.close();
  }
}

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
