import { InvalidArgumentError, type Command } from 'commander';
import { RENEWABLE_CERTS } from '../../common/certs/renewable';
import { renewCertsOperation } from '../operations/renew-certs';
import type { CliDeps } from './cliBackend';
import { asUsageError, startContractRun, withRunBackend } from './contractRun';
import { operationParams } from './operationParams';
import { exitCodeOf, processIo, type CliIo } from './ioAndExitStatus';

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
  deps: CliDeps = {},
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
  return withRunBackend({ ...opts, command: 'certs renew' }, io, deps, async (cli) => {
    // The renew-certs operation through run.start (one control plane at a time, its own
    // concurrency), recorded beside the project as the UI's renewal is.
    const start = {
      operation: 'renew-certs' as const,
      params,
      confirm: cli.project.get().plan.clusterName,
    };
    let renewed = false;
    const result = await startContractRun(cli, {
      start,
      io,
      verbose: opts.verbose,
      signals: deps.signals,
      onEvent: (e) => {
        if (e.type === 'task-state' && e.stepId === 'renew-certs' && e.status === 'done')
          renewed = true;
      },
    }).catch((err: unknown) => {
      throw asUsageError(err, { 'params.certs': '--cert' });
    });
    if (result.outcome === 'succeeded' && renewed) {
      io.err(
        "kubelab: admin.conf was renewed on the control planes; `kubelab kubeconfig` writes this computer's copy again\n",
      );
    }
    return exitCodeOf(result);
  });
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
