import { InvalidArgumentError, type Command } from 'commander';
import { tail } from '../engine/step';
import type { ProjectSession } from '../services/remoteFactoryProject';
import { assertPlanValid } from '../services/remoteFactoryProject';
import { openCliProjectSession } from './projectSession';
import { RESET_CLUSTER_STEPS, RESET_NODE_STEPS } from '../steps';
import { firstControlPlane } from '../steps/plan';
import { drainSpec } from '../steps/reset-node';
import { projectRunStateStore } from '../store/projectStore';
import { exitCodeOf, processIo, runWithProgress, type CliIo } from './progressRun';

export interface ResetOptions {
  file: string;
  node?: string;
  yes: boolean;
  acceptNewHostKeys: boolean;
  verbose: boolean;
}

/** Drains and deletes the node from the cluster, on the control plane (best effort). */
async function drain(session: ProjectSession, nodeId: string, io: CliIo): Promise<void> {
  const project = session.project();
  const cp = firstControlPlane(project.nodes);
  const target = project.nodes.find((n) => n.id === nodeId);
  if (!cp || !target || cp.id === target.id) return;
  const spec = drainSpec(project.plan, target);
  try {
    const res = await session.remotes
      .remoteFor(cp)
      .exec(spec.script, { env: spec.env, root: true });
    io.out(res.stdout);
    if (res.code !== 0)
      io.err(`kubelab: draining ${nodeId} failed (${tail(res.stderr)}); resetting it anyway\n`);
  } catch (err) {
    io.err(
      `kubelab: cannot reach ${cp.name} to drain ${nodeId} (${err instanceof Error ? err.message : String(err)}); resetting it anyway\n`,
    );
  }
}

/**
 * `kubelab reset [--node N] --yes`: kubeadm reset plus CNI, interface and iptables cleanup on one
 * node (drained and deleted from the cluster first) or on every node. The reset run is recorded
 * in the project after every transition, as `kubelab apply`'s is, so a killed, failed or
 * cancelled reset is resumed by the next `kubelab reset` of the same node(s). Once it succeeds,
 * the reset nodes' tasks are dropped from the record, so the next apply checks them afresh.
 */
export async function runReset(opts: ResetOptions, io: CliIo = processIo()): Promise<number> {
  if (!opts.yes) {
    throw new InvalidArgumentError(
      `this resets ${opts.node ? `node ${opts.node}` : 'every node of the cluster'} (kubeadm reset): pass --yes to confirm`,
    );
  }
  const session = await openCliProjectSession(opts.file, {
    acceptNewHostKeys: opts.acceptNewHostKeys,
    interactive: true,
    write: io.err,
  });
  try {
    const project = session.project();
    if (opts.node && !project.nodes.some((n) => n.id === opts.node)) {
      throw new InvalidArgumentError(`no node "${opts.node}" in ${opts.file}`);
    }
    // Before the drain, which is the first command sent to a node.
    assertPlanValid(project);
    if (opts.node) await drain(session, opts.node, io);
    const result = await runWithProgress({
      session,
      steps: opts.node ? RESET_NODE_STEPS : RESET_CLUSTER_STEPS,
      stateStore: projectRunStateStore(session.store),
      start: {
        nodes: opts.node ? [opts.node] : undefined,
        kind: opts.node ? 'reset-node' : 'reset-cluster',
      },
      io,
      verbose: opts.verbose,
      command: 'reset',
    });
    const current = session.project();
    if (result.outcome === 'succeeded' && current.runState) {
      const tasks = opts.node ? current.runState.tasks.filter((t) => t.nodeId !== opts.node) : [];
      session.store.set(
        tasks.length > 0
          ? { ...current, runState: { ...current.runState, tasks } }
          : { ...current, runState: undefined },
      );
      await session.store.save();
    }
    return exitCodeOf(result);
  } finally {
    session.close();
  }
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
