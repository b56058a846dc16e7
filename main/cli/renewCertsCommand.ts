import { InvalidArgumentError, type Command } from 'commander';
import { RENEWABLE_CERTS } from '../../common/certs/renewable';
import { renewCertsOperation } from '../operations/renew-certs';
import { assertPlanValid } from '../services/remoteFactoryProject';
import { projectRunStateStore } from '../store/projectStore';
import { asArgumentError, operationParams } from './operationParams';
import { openCliProjectSession } from './projectSession';
import { exitCodeOf, processIo, runWithProgress, type CliIo } from './progressRun';

export interface RenewCertsOptions {
  file: string;
  cert?: string[];
  yes: boolean;
  acceptNewHostKeys: boolean;
  verbose: boolean;
}

/**
 * `kubelab certs renew [--cert NAME...] --yes`: the renew-certs operation through the engine,
 * recorded in the project like `kubelab apply` (a cut-short run resumes, its restart pending on
 * the node is finished first). The logic is the operation's (main/operations/renew-certs.ts).
 */
export async function runRenewCerts(
  opts: RenewCertsOptions,
  io: CliIo = processIo(),
): Promise<number> {
  const params = operationParams(
    renewCertsOperation,
    opts.cert && opts.cert.length > 0 ? { certs: opts.cert } : {},
    '--cert',
  );
  if (!opts.yes) {
    throw new InvalidArgumentError(
      'this renews the certificates kubeadm manages on every control plane and restarts its static pods one control plane at a time (each API server is down for a moment): pass --yes to confirm',
    );
  }
  const session = await openCliProjectSession(opts.file, {
    acceptNewHostKeys: opts.acceptNewHostKeys,
    interactive: true,
    write: io.err,
  });
  try {
    const project = session.project();
    assertPlanValid(project);
    const target = { nodes: project.nodes, plan: project.plan };
    let steps;
    try {
      steps = renewCertsOperation.steps(params, target);
    } catch (err) {
      throw asArgumentError(err);
    }
    const result = await runWithProgress({
      session,
      steps,
      stateStore: projectRunStateStore(session.store),
      start: {
        kind: 'renew-certs',
        params,
        nodes: renewCertsOperation.nodes?.(params, target)?.slice(),
        concurrency: renewCertsOperation.concurrency,
      },
      io,
      verbose: opts.verbose,
      command: 'certs renew',
    });
    const renewed = session
      .project()
      .runState?.tasks.some((t) => t.stepId === 'renew-certs' && t.status === 'done');
    if (result.outcome === 'succeeded' && renewed) {
      io.err(
        "kubelab: admin.conf was renewed on the control planes; `kubelab kubeconfig` writes this computer's copy again\n",
      );
    }
    return exitCodeOf(result);
  } finally {
    session.close();
  }
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** `certs renew`, under `kubelab certs`. */
export function registerCertsRenew(certs: Command): void {
  certs
    .command('renew')
    .description(
      'renew the certificates kubeadm manages (all, or --cert ones) on each control plane in turn, restarting its static pods',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option(
      '--cert <name>',
      `a certificate to renew (repeatable; default all): ${RENEWABLE_CERTS.map((c) => c.name).join(', ')}`,
      collect,
    )
    .option('--yes', 'confirm: each control plane’s API server restarts', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .option('-v, --verbose', 'print every step’s output', false)
    .action(async (o: RenewCertsOptions) => {
      process.exitCode = await runRenewCerts(o);
    });
}
