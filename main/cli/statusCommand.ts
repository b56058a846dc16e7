import { operationInfo } from '../../common/catalog/operations';
import { runOperation } from '../../common/model/runEvent';
import type { Command } from 'commander';
import type { Project } from '../../common/model/project';
import type { TaskStatus } from '../../common/model/runEvent';
import { loadProject } from '../store/projectFile';
import { withCliBackend, type CliDeps } from './cliBackend';
import { noPrompter } from './prompt';
import { processIo, type CliIo } from './ioAndExitStatus';

export interface StatusOptions {
  file: string;
  live: boolean;
  json: boolean;
}

/** The recorded run, per node: how many steps are in each state and what failed. */
export function formatRunState(project: Project): string {
  const s = project.runState;
  if (!s) return 'no run recorded in the project (run `kubelab apply`)\n';
  // A day-2 run (add-node, reset) is resumed by its own command, not by apply.
  const command = `kubelab ${operationInfo(runOperation(s)).cli}`;
  const lines = [
    `run ${s.runId}${s.kind ? ` (${command})` : ''}: ${s.outcome ?? 'unfinished'} (started ${s.startedAt}${s.finishedAt ? `, finished ${s.finishedAt}` : ''})`,
  ];
  for (const node of project.nodes) {
    const tasks = s.tasks.filter((t) => t.nodeId === node.id);
    if (tasks.length === 0) continue;
    const counts = new Map<TaskStatus, number>();
    for (const t of tasks) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
    const summary = [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
    lines.push(`  ${node.name.padEnd(12)} ${summary}`);
    for (const t of tasks) {
      if (t.status === 'failed') lines.push(`    ${t.stepId}: ${t.error?.message ?? 'failed'}`);
      if (
        t.status === 'running' ||
        (t.detached && t.detached.exitCode === undefined && t.status !== 'done')
      )
        lines.push(
          `    ${t.stepId}: ${t.status}${t.detached ? ` (detached on the node; ${command} re-attaches)` : ''}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `kubelab status`: the recorded run state; with --live, the nodes as the cluster sees them
 * (`cluster.nodes` through the CLI back end, as any face asks it).
 */
export async function runStatus(
  opts: StatusOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  const project = await loadProject(opts.file);
  if (opts.json) io.out(`${JSON.stringify(project.runState ?? null, null, 2)}\n`);
  else io.out(formatRunState(project));
  if (!opts.live) return 0;
  // Nobody is asked about an unknown host key here: a status is often scripted.
  const quiet = { prompter: noPrompter, ...deps, io };
  return withCliBackend({ file: opts.file, command: 'status' }, quiet, async (cli) => {
    const live = await cli.call('cluster.nodes', {});
    if (live) io.out(`\n${live.table}`);
    return 0;
  });
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description(
      'the recorded install state per node (with --live, kubectl get nodes on the control plane)',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--live', 'also ask the cluster for its nodes', false)
    .option('--json', 'print the recorded run state as JSON', false)
    .action(async (o: StatusOptions) => {
      process.exitCode = await runStatus(o);
    });
}
