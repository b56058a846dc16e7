import type { Command } from 'commander';
import type { HaTopology } from '../../common/contracts/cluster';
import { withCliBackend, type CliDeps } from './cliBackend';
import { processOut } from './cliContext';

export interface HaStatusOptions {
  file: string;
  json: boolean;
  acceptNewHostKeys: boolean;
}

/** The live HA topology as text: the same reading the topology's HaLivePanel shows. */
export function formatHaTopology(t: HaTopology): string {
  if (!t.ha) return 'the plan has a single control plane: no HA topology to show\n';
  const lines = [`endpoint ${t.endpoint ?? '?'} (${t.loadBalancer ?? 'no load balancer'})`];
  if (t.vip) {
    const holders = t.controlPlanes.filter((c) => c.holdsVip).map((c) => c.name);
    lines.push(
      holders.length === 0
        ? `VIP ${t.vip}: held by no control plane`
        : `VIP ${t.vip}: held by ${holders.join(', ')}${holders.length > 1 ? ' (SPLIT: more than one)' : ''}`,
    );
  }
  if (t.leaseHolder) lines.push(`kube-vip Lease holder: ${t.leaseHolder}`);
  for (const c of t.controlPlanes) {
    const livez = c.reachable
      ? `livez ${c.livez}${c.livez === 'failed' ? ` (${c.livezDetail})` : ''}`
      : `unreachable (${c.error ?? ''})`;
    lines.push(
      `  ${c.name.padEnd(16)} ${c.address.padEnd(16)} ${c.holdsVip ? 'VIP  ' : '     '}${livez}`,
    );
  }
  if (t.etcdError) lines.push(`etcd: ${t.etcdError}`);
  else {
    const answering = t.etcdMembers.filter((m) => m.answered).length;
    lines.push(`etcd: ${answering} of ${t.etcdMembers.length} members answer`);
    for (const m of t.etcdMembers) {
      lines.push(
        `  ${(m.name || m.id).padEnd(16)} ${m.clientUrl}${m.leader ? '  leader' : ''}${m.answered ? '' : '  no answer'}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `kubelab ha-status`: the UI's cluster.haTopology request through the CLI back end. */
export async function runHaStatus(opts: HaStatusOptions, deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processOut;
  return withCliBackend({ ...opts, command: 'ha-status' }, deps, async (cli) => {
    const t = await cli.call('cluster.haTopology', {});
    io.out(opts.json ? `${JSON.stringify(t, null, 2)}\n` : formatHaTopology(t));
    return 0;
  });
}

export function registerHaStatus(program: Command): void {
  program
    .command('ha-status')
    .description(
      'the live HA topology: which control plane holds the VIP, etcd members and leader, each API server /livez',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--json', 'print the reading as JSON', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .action(async (opts: HaStatusOptions) => {
      process.exitCode = await runHaStatus(opts);
    });
}
