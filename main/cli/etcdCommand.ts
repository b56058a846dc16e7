import type { Command } from 'commander';
import { operationInfo } from '../../common/catalog/operations';
import type { RunEvent } from '../../common/model/runEvent';
import { EnvSecretStore } from '../store/secretsEnv';
import { withCliBackend, type CliBackend, type CliDeps } from './cliBackend';
import { formatSnapshotList } from './etcdFormat';
import { ProgressPrinter } from './progress';
import { processIo, type CliIo } from './ioAndExitStatus';

export interface EtcdCommandOptions {
  file: string;
  json: boolean;
  acceptNewHostKeys: boolean;
}

/** The run's steps as `kubelab apply` prints them, on stderr (stdout stays the result). */
function followRun(cli: CliBackend, io: CliIo): () => void {
  const names = new Map(cli.project.get().nodes.map((n) => [n.id, n.name]));
  const printer = new ProgressPrinter({
    write: io.err,
    tty: io.tty,
    verbose: false,
    names,
    lang: /^zh/i.test(process.env.LC_ALL ?? process.env.LANG ?? '') ? 'zh' : 'en',
  });
  return cli.backend.bus.subscribe((name, payload) => {
    if (name === 'install.event') printer.handle(payload as RunEvent);
  });
}

/**
 * `kubelab etcd backup`: etcd.backup, which runs the backup-etcd operation (recorded in
 * `kubelab runs`; its steps printed as they go).
 */
export async function runEtcdBackup(
  opts: EtcdCommandOptions,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  return withCliBackend({ ...opts, command: 'etcd backup' }, { io, ...deps }, async (cli) => {
    const stop = followRun(cli, io);
    try {
      const result = await cli.call('etcd.backup', {});
      const s = result.snapshot;
      io.out(
        opts.json
          ? `${JSON.stringify(result, null, 2)}\n`
          : `saved ${result.path}\nrevision ${s.revision}, ${s.totalKeys} keys, ${s.size} bytes, sha256 ${s.sha256}\n`,
      );
      return 0;
    } finally {
      stop();
    }
  });
}

/** `kubelab etcd list`: etcd.list, the snapshots kept beside the project (reads no machine). */
export async function runEtcdList(
  opts: Pick<EtcdCommandOptions, 'file' | 'json'>,
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  // Reads no machine: the environment's secrets only, so it never asks for the vault passphrase.
  const secrets = deps.secrets ?? new EnvSecretStore(deps.env ?? process.env);
  return withCliBackend(
    { ...opts, command: 'etcd list' },
    { io, secrets, ...deps },
    async (cli) => {
      const list = await cli.call('etcd.list', {});
      io.out(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatSnapshotList(list));
      return 0;
    },
  );
}

/** Exit status of a destructive command run without --yes. */
export const EXIT_NOT_CONFIRMED = 2;

/**
 * `kubelab etcd restore SNAPSHOT --yes`: etcd.restore, which runs the restore-etcd operation
 * (--yes stands for the typed cluster name). Without --yes it says what would be lost and
 * changes nothing.
 */
export async function runEtcdRestore(
  snapshot: string,
  opts: Pick<EtcdCommandOptions, 'file' | 'acceptNewHostKeys'> & { yes: boolean },
  io: CliIo = processIo(),
  deps: CliDeps = {},
): Promise<number> {
  const info = operationInfo('restore-etcd');
  if (!opts.yes) {
    io.err(
      `kubelab: restoring ${snapshot} stops the API server and etcd on every control plane (the cluster's API is down until all are back) and replaces every etcd member's data. Lost: ${info.destroys?.en ?? ''} Each control plane's current data directory is kept beside it. Run again with --yes to restore.\n`,
    );
    return EXIT_NOT_CONFIRMED;
  }
  return withCliBackend({ ...opts, command: 'etcd restore' }, { io, ...deps }, async (cli) => {
    const stop = followRun(cli, io);
    try {
      const out = await cli.call('etcd.restore', {
        file: snapshot,
        confirm: cli.project.get().plan.clusterName,
      });
      const nodes = out.restored.map((r) => r.node).join(', ') || out.node;
      io.out(`restored ${out.snapshot.file} (revision ${out.snapshot.revision}) on ${nodes}\n`);
      for (const r of out.restored.length > 0
        ? out.restored
        : [{ node: out.node, previousDataDir: out.previousDataDir }])
        io.out(`previous etcd data kept at ${r.previousDataDir} on ${r.node}\n`);
      return 0;
    } finally {
      stop();
    }
  });
}

export function registerEtcd(program: Command): void {
  const etcd = program
    .command('etcd')
    .description("back up the cluster's etcd and list the backups");
  etcd
    .command('backup')
    .description(
      'take an etcd snapshot on the first control plane (etcdctl, kubeadm’s etcd client certificates), check it and download it into <project>.snapshots/',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--json', 'print the recorded snapshot as JSON', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .action(async (opts: EtcdCommandOptions) => {
      process.exitCode = await runEtcdBackup(opts);
    });
  etcd
    .command('list')
    .description(
      'list the snapshots kept beside the project (time, revision, size, versions, SHA-256)',
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--json', 'print the list as JSON', false)
    .action(async (opts: Pick<EtcdCommandOptions, 'file' | 'json'>) => {
      process.exitCode = await runEtcdList(opts);
    });
  etcd
    .command('restore')
    .argument('<snapshot>', 'a snapshot file name as `kubelab etcd list` shows it')
    .description(
      "replace the cluster's etcd data with a snapshot on every control plane: checked on each, every member restored with one new member list while all API servers and etcd are stopped; the old data directories are kept",
    )
    .option('-f, --file <file>', 'project file', 'kubelab.yaml')
    .option('--yes', 'confirm: everything the cluster changed since the snapshot is lost', false)
    .option('--accept-new-host-keys', 'trust and pin host keys seen for the first time', false)
    .action(
      async (
        snapshot: string,
        opts: Pick<EtcdCommandOptions, 'file' | 'acceptNewHostKeys'> & { yes: boolean },
      ) => {
        process.exitCode = await runEtcdRestore(snapshot, opts);
      },
    );
}
