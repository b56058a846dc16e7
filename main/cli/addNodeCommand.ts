import { InvalidArgumentError, type Command } from 'commander';
import { isHaTopology } from '../../common/model/ha';
import { NodeSpecSchema, type NodeSpec } from '../../common/model/node';
import { firstControlPlane } from '../steps/plan';
import { parsePort } from './options';
import type { CliDeps } from './cliBackend';
import { asUsageError, startContractRun, withRunBackend } from './contractRun';
import { exitCodeOf, processIo, type CliIo } from './ioAndExitStatus';

export interface AddNodeOptions {
  file: string;
  node: string;
  address?: string;
  user?: string;
  port?: number;
  key?: string;
  acceptNewHostKeys: boolean;
  verbose: boolean;
  /** Start over instead of resuming an unfinished add-node of this node recorded in the project. */
  fresh?: boolean;
  /** The new machine joins as a control plane (an HA plan's, issue 19). */
  controlPlane?: boolean;
  /** Confirms removing etcd members of machines that were reset or lost before the join. */
  removeStaleEtcdMembers?: boolean;
}

/** The new machine's spec from the flags (a worker unless --control-plane; key auth with --key, else agent/password). */
function specFrom(o: AddNodeOptions): NodeSpec {
  if (!o.address) {
    throw new InvalidArgumentError(
      `node "${o.node}" is not in the project; give its --address (and --user, --key)`,
    );
  }
  const auth = o.key ? 'key' : process.env.SSH_AUTH_SOCK ? 'agent' : 'password';
  const parsed = NodeSpecSchema.safeParse({
    id: o.node,
    name: o.node,
    address: o.address,
    port: o.port ?? 22,
    user: o.user ?? 'root',
    auth,
    keyPath: o.key,
    role: o.controlPlane === true ? 'control-plane' : 'worker',
    labels: {},
  });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new InvalidArgumentError(`${i?.path.join('.') ?? 'node'}: ${i?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/**
 * `kubelab add-node NODE`: adds a worker (or, with --control-plane in an HA plan, a control plane)
 * to a running cluster (the guide's node3). The node is
 * added to the project file if it is new; the control plane's steps are re-checked (all already
 * done), a fresh join token is minted there, and only the new machine is prepared and joined.
 * The run is recorded in the project after every transition, as `kubelab apply`'s is (added to
 * the install's record: the other nodes' tasks are kept), so a run that was killed is resumed by
 * the next `kubelab add-node` of the same node, its detached join re-attached, never restarted.
 */
export async function runAddNode(
  opts: AddNodeOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  return withRunBackend({ ...opts, command: 'add-node' }, io, deps, async (cli) => {
    const project = cli.project.get();
    const known = project.nodes.find((n) => n.id === opts.node);
    if (known && opts.controlPlane === true && known.role !== 'control-plane') {
      throw new InvalidArgumentError(
        `node "${opts.node}" is a ${known.role} in ${opts.file}; --control-plane applies to a machine not yet in the project`,
      );
    }
    if (opts.controlPlane === true && !isHaTopology(project.plan.topology)) {
      // Refused before the project is written: kubeadm joins a control plane only to a cluster
      // with a controlPlaneEndpoint, which cannot be added after kubeadm init.
      throw new InvalidArgumentError(
        `--control-plane: the plan in ${opts.file} has one control plane (topology single); another control plane can join only a highly available plan (stacked-etcd with a controlPlaneEndpoint)`,
      );
    }
    if (!known) {
      cli.project.set({ ...project, nodes: [...project.nodes, specFrom(opts)] });
      await cli.project.save();
      io.err(`kubelab: added ${opts.node} to ${opts.file}\n`);
    }
    if (!firstControlPlane(cli.project.get().nodes))
      throw new InvalidArgumentError('the project has no control-plane node');
    // The add-node operation (main/operations/add-node.ts) through run.start: the same run the
    // UI's Add machines records, resumed by the next add-node of the same machine.
    const start = {
      operation: 'add-node' as const,
      params: {
        nodeIds: [opts.node],
        ...(opts.removeStaleEtcdMembers === true ? { removeStaleEtcdMembers: true } : {}),
      },
      fresh: opts.fresh === true,
    };
    const result = await startContractRun(cli, {
      start,
      io,
      verbose: opts.verbose,
      signals: deps.signals,
    }).catch((err: unknown) => {
      throw asUsageError(err, { 'params.nodeIds': '<node>' });
    });
    return exitCodeOf(result);
  });
}

export function registerAddNode(program: Command): void {
  program
    .command('add-node <node>')
    .description(
      'join another worker, or a control plane of an HA plan, to the installed cluster with a fresh token',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--address <address>', 'address of a node not yet in the project')
    .option('--user <user>', 'SSH user (default root)')
    .option('--port <port>', 'SSH port (default 22)', (v) => parsePort(v, '--port'))
    .option('--key <path>', 'private key file for SSH')
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option('--fresh', 'start a new run instead of resuming the recorded one', false)
    .option('--control-plane', 'a new machine joins as a control plane (HA plans)', false)
    .option(
      '--remove-stale-etcd-members',
      'confirm removing etcd members of machines that were reset or lost before a control plane joins',
      false,
    )
    .option('-v, --verbose', 'print every step’s output', false)
    .action(async (node: string, o: Omit<AddNodeOptions, 'node'>) => {
      process.exitCode = await runAddNode({ ...o, node });
    });
}
