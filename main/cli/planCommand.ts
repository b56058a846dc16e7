import type { Command } from 'commander';
import { resolveVersion } from '../../common/catalog/images';
import { packageSourceLines, packageSources } from '../../common/plan/packageSources';
import { planWarnings } from '../../common/plan/planWarnings';
import type { RenderedTask } from '../../common/model/runEvent';
import { formatHaSection } from './haSection';
import { formatOfflineSection } from './offlineSection';
import { formatRuntimeSection } from './runtimeSection';
import type { CliDeps } from './cliBackend';
import { startContractRun, withRunBackend } from './contractRun';
import { noPrompter } from './prompt';
import { processIo, type CliIo } from './ioAndExitStatus';

export interface PlanOptions {
  file: string;
  scripts: boolean;
  probe: boolean;
  json: boolean;
  acceptNewHostKeys: boolean;
}

/** How a dry run reads in a terminal: what runs where, in order, and optionally exactly what. */
export function formatPlan(
  tasks: readonly RenderedTask[],
  scripts: boolean,
  names: ReadonlyMap<string, string>,
): string {
  const lines: string[] = [];
  const shown = new Set<string>();
  const w = Math.max(8, ...tasks.map((t) => (names.get(t.nodeId) ?? t.nodeId).length));
  for (const t of tasks) {
    const check = t.check === 'unknown' ? '' : t.check === 'done' ? 'already done' : 'needed';
    const mode = t.mode === 'detached' ? 'detached' : '';
    lines.push(
      `${(names.get(t.nodeId) ?? t.nodeId).padEnd(w)}  ${t.stepId.padEnd(17)} ${[mode, check].filter(Boolean).join(', ')}`.trimEnd(),
    );
    if (!scripts) continue;
    for (const [k, v] of Object.entries(t.env)) {
      // Multi-line values (the kubeadm configuration) are shown whole; long blobs are elided.
      if (v.includes('\n'))
        lines.push(`    ${k}=<<EOF`, ...v.split('\n').map((l) => `      ${l}`), '    EOF');
      else
        lines.push(
          `    ${k}=${JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}… (${v.length} chars)` : v)}`,
        );
    }
    if (shown.has(t.stepId)) lines.push(`    (script: as for ${t.stepId} above)`);
    else {
      shown.add(t.stepId);
      lines.push(
        '    --- script ---',
        ...t.script
          .trimEnd()
          .split('\n')
          .map((l) => `    ${l}`),
        '    --------------',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `kubelab plan`: the dry run. Nothing on the nodes changes; with --probe the checks run. */
export async function runPlan(
  opts: PlanOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  // Nobody is asked anything here: with --probe, an unknown host key is refused unless
  // --accept-new-host-keys (a dry run is often scripted).
  const quiet = { prompter: noPrompter, ...deps };
  return withRunBackend({ ...opts, command: 'plan' }, io, quiet, async (cli) => {
    const project = cli.project.get();
    for (const w of planWarnings(project.plan)) io.err(`kubelab: warning: ${w.message}\n`);
    // The install's dry run through run.start, as the Plan screen's "what would run" asks it:
    // the project checked, nothing changed on the nodes, the rendered tasks in the result.
    const result = await startContractRun(cli, {
      start: { operation: 'install', dryRun: true, probe: opts.probe },
      io: { ...io, out: () => undefined },
      verbose: false,
      signals: deps.signals,
    });
    const rendered = result.rendered ?? [];
    if (opts.json) io.out(`${JSON.stringify(rendered, null, 2)}\n`);
    else {
      io.out(formatHaSection(project, opts.scripts));
      io.out(formatOfflineSection(project.plan));
      // Where the package strings come from, as the Plan screen's preview says (plan.preview).
      const v = resolveVersion(project.plan.kubernetesVersion);
      const sources = v ? packageSourceLines(packageSources(project.plan, v)) : [];
      io.out(sources.map((l) => `${l}\n`).join(''));
      io.out(formatRuntimeSection(project.plan, v, opts.scripts));
      io.out(formatPlan(rendered, opts.scripts, new Map(project.nodes.map((n) => [n.id, n.name]))));
    }
    return 0;
  });
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description(
      'dry run: what would run where (with --scripts, the exact scripts and environment)',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--scripts', 'print each step’s script and environment (secrets redacted)', false)
    .option('--probe', 'connect and run the read-only checks to say what is already done', false)
    .option('--json', 'print the rendered tasks as JSON', false)
    .option('--accept-new-host-keys', 'with --probe: trust and pin new host keys', false)
    .action(async (o: PlanOptions) => {
      process.exitCode = await runPlan(o);
    });
}
