import type { Command } from 'commander';
import type { Verification } from '../../common/model/verification';
import { problems } from '../verify/verifyService';
import { verificationPath } from '../store/verificationRecord';
import { withCliBackend, type CliDeps } from './cliBackend';
import { processOut } from './cliContext';

/** Exit status when the cluster did not verify clean. */
export const EXIT_UNHEALTHY = 4;

export function formatVerification(v: Verification): string {
  const lines: string[] = [];
  for (const n of v.nodes)
    lines.push(
      `node ${n.name.padEnd(20)} ${n.status}${n.kubeletVersion ? ` ${n.kubeletVersion}` : ''}`,
    );
  const notRunning = v.systemPods.filter((p) => p.status !== 'Running' && p.status !== 'Succeeded');
  lines.push(
    `kube-system pods: ${v.systemPods.length - notRunning.length}/${v.systemPods.length} running`,
  );
  lines.push(
    `API /readyz: ${v.apiServer.status}${v.apiServer.detail ? ` (${v.apiServer.detail})` : ''}`,
  );
  for (const m of v.matrices) {
    const bad = m.cells.filter((c) => !c.ok);
    lines.push(`${m.probe}: ${m.cells.length - bad.length}/${m.cells.length} pairs ok`);
    for (const c of m.cells)
      lines.push(
        `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.from} → ${c.to}${c.ok && c.rttMs !== undefined ? ` ${c.rttMs} ms` : ''}${c.detail ? `: ${c.detail}` : ''}`,
      );
  }
  for (const d of v.dns)
    lines.push(
      `DNS ${d.name}: ${d.status}${d.answer ? ` → ${d.answer}` : ''}${d.detail ? ` (${d.detail})` : ''}`,
    );
  const p = problems(v);
  lines.push(p.length === 0 ? 'verified: the cluster works' : `${p.length} problem(s)`);
  return `${lines.join('\n')}\n`;
}

export interface VerifyCommandOptions {
  file: string;
  json: boolean;
  pods: boolean;
  acceptNewHostKeys: boolean;
}

/**
 * `kubelab verify -f kubelab.yaml`: the verify.run request — nodes Ready, kube-system pods,
 * /readyz, a test pod per node and the pod ping matrix, DNS from a pod; test pods removed. The
 * back end keeps the result beside the project file for `kubelab report` and the UI.
 */
export async function runVerify(opts: VerifyCommandOptions, deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processOut;
  return withCliBackend({ ...opts, command: 'verify' }, deps, async (cli) => {
    const verification = await cli.call('verify.run', { pods: opts.pods });
    const file = cli.project.path();
    io.out(
      opts.json
        ? `${JSON.stringify(verification, null, 2)}\n`
        : formatVerification(verification) + (file ? `saved: ${verificationPath(file)}\n` : ''),
    );
    return problems(verification).length === 0 ? 0 : EXIT_UNHEALTHY;
  });
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'prove an installed cluster works: nodes, system pods, API, pod network between every pair of nodes, DNS',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--json', 'print the verification as JSON (VerificationSchema)', false)
    .option('--no-pods', 'skip the test pods (no ping matrix, no DNS)')
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .addHelpText('after', '\nExit status: 0 when everything verified, 4 when something did not.')
    .action(async (opts: VerifyCommandOptions) => {
      process.exitCode = await runVerify(opts);
    });
}
