import { InvalidArgumentError, type Command } from 'commander';
import { replaceConsequence } from '../../common/removal/replaceNode';
import { replacementOf, replaceNodeOperation } from '../operations/replace-node';
import type { CliDeps } from './cliBackend';
import { asUsageError, startContractRun, withRunBackend } from './contractRun';
import { exitCodeOf, processIo, type CliIo } from './ioAndExitStatus';
import { operationParams } from './operationParams';

export interface ReplaceNodeOptions {
  file: string;
  old: string;
  new: string;
  yes: boolean;
  unreachable: boolean;
  forceQuorumLoss: boolean;
  acceptNewHostKeys: boolean;
  verbose: boolean;
}

/** replace-node's params by the argument or flag that sets each. */
const REPLACE_FLAGS: Record<string, string> = {
  'params.oldNodeId': 'OLD',
  'params.newNodeId': 'NEW',
  'params.unreachable': '--unreachable',
  'params.confirmQuorumLoss': '--force-quorum-loss',
};

/**
 * `kubelab replace-node OLD NEW --yes [--unreachable]`: the replace-node operation through
 * run.start, as the UI's dialog starts it. The replacement is checked against the project and the
 * cluster's record first (same machine twice, roles, a spare already in the cluster), then what it
 * destroys is said and --yes asked for once; a run cut short resumes with the same command.
 */
export async function runReplaceNode(
  opts: ReplaceNodeOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  const params = operationParams(
    replaceNodeOperation,
    {
      oldNodeId: opts.old,
      newNodeId: opts.new,
      ...(opts.unreachable ? { unreachable: true } : {}),
      ...(opts.forceQuorumLoss ? { confirmQuorumLoss: true } : {}),
    },
    'OLD NEW',
  );
  return withRunBackend({ ...opts, command: 'replace-node' }, io, deps, async (cli) => {
    const project = cli.project.get();
    const recorded = project.runState?.tasks.map((t) => t.nodeId);
    // An unfinished replacement of these machines is resumed: its spare is in the record already.
    const resuming =
      project.runState?.kind === 'replace-node' &&
      project.runState.outcome !== 'succeeded' &&
      JSON.stringify(project.runState.params) === JSON.stringify(params);
    const { removal, spare } = usage(() =>
      replacementOf(params, project, resuming ? undefined : [...new Set(recorded)]),
    );
    if (!opts.yes) {
      const said = replaceConsequence(removal.target, spare, params.unreachable === true);
      throw new InvalidArgumentError(`${said.en} Pass --yes to confirm`);
    }
    const start = { operation: 'replace-node' as const, params, confirm: project.plan.clusterName };
    const result = await startContractRun(cli, {
      start,
      io,
      verbose: opts.verbose,
      signals: deps.signals,
    }).catch((err: unknown) => {
      throw asUsageError(err, REPLACE_FLAGS);
    });
    return exitCodeOf(result);
  });
}

function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    throw asUsageError(err, REPLACE_FLAGS);
  }
}

export function registerReplaceNode(program: Command): void {
  program
    .command('replace-node <old> <new>')
    .description(
      'replace a machine: OLD removed (drain, etcd member, kubeadm reset, node object), then the spare NEW of the same role joined, in one run',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option(
      '--yes',
      'confirm: OLD’s pods are evicted, its node object deleted and its /etc/kubernetes wiped',
      false,
    )
    .option(
      '--unreachable',
      'OLD is dead or off: remove it from the cluster (and etcd) without touching it',
      false,
    )
    .option(
      '--force-quorum-loss',
      'confirm removing a control plane whose etcd member removal breaks etcd quorum',
      false,
    )
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option('-v, --verbose', 'print every step’s output', false)
    .action(async (old: string, spare: string, o: Omit<ReplaceNodeOptions, 'old' | 'new'>) => {
      process.exitCode = await runReplaceNode({ ...o, old, new: spare });
    });
}
