import type { Command } from 'commander';
import { shortResidual } from '../../common/certs/certificateList';
import type { CertificateEntry, CertificateList } from '../../common/certs/model';
import { withCliBackend, type CliDeps } from './cliBackend';
import { processOut } from './cliContext';
import { table } from './nodesFormat';
import { registerCertsRenew } from './renewCertsCommand';

/** Exit status when a certificate has expired or a node could not be read. */
export const EXIT_CERTS_EXPIRED = 4;

const SOURCE_LABEL: Record<CertificateEntry['source'], string> = {
  kubeadm: 'kubeadm',
  'kubelet-client': 'kubelet client',
  'kubelet-serving': 'kubelet serving',
};

function when(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '-';
}

function residual(e: CertificateEntry): string {
  if (e.residualSeconds === undefined) return '-';
  return e.residualPrinted ?? shortResidual(e.residualSeconds);
}

/** The list as `kubelab certs` prints it: one row per certificate, soonest expiry first. */
export function formatCertificates(list: CertificateList): string {
  const rows = [
    ['NODE', 'CERTIFICATE', 'SOURCE', 'EXPIRES', 'RESIDUAL', 'STATUS'],
    ...list.entries.map((e) => [
      e.nodeName,
      e.authority ? `${e.name} (CA)` : e.name,
      SOURCE_LABEL[e.source],
      when(e.expiresAt),
      residual(e),
      e.status === 'missing' ? 'missing' : e.status,
    ]),
  ];
  const lines = table(rows).trimEnd().split('\n');
  for (const e of list.errors) lines.push(`${e.nodeName}: not read: ${e.message}`);
  const count = (s: CertificateEntry['status']): number =>
    list.entries.filter((e) => e.status === s).length;
  lines.push(
    `${list.entries.length} certificates: ${count('expired')} expired, ${count('warn')} within ${list.warnDays} days, ${count('missing')} missing`,
  );
  return `${lines.join('\n')}\n`;
}

export interface CertsCommandOptions {
  file: string;
  json: boolean;
  acceptNewHostKeys: boolean;
}

/** `kubelab certs -f kubelab.yaml`: every certificate of the cluster with its expiry (certs.list). */
export async function runCerts(opts: CertsCommandOptions, deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processOut;
  return withCliBackend({ ...opts, command: 'certs' }, deps, async (cli) => {
    const list = await cli.call('certs.list', {});
    io.out(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatCertificates(list));
    const expired = list.entries.some((e) => e.status === 'expired');
    return expired || list.errors.length > 0 ? EXIT_CERTS_EXPIRED : 0;
  });
}

export function registerCerts(program: Command): void {
  const certs = program
    .command('certs')
    .description(
      "every certificate of the cluster with its expiry: kubeadm's check-expiration on each control plane, and each node's kubelet client and serving certificates",
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--json', 'print the list as JSON (CertificateListSchema)', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .addHelpText(
      'after',
      '\nExit status: 0 when nothing has expired, 4 when a certificate has expired or a node could not be read.',
    )
    .action(async (opts: CertsCommandOptions) => {
      process.exitCode = await runCerts(opts);
    });
  registerCertsRenew(certs);
}
