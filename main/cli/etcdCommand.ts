import type { Command } from 'commander';
import type { BackupProgress } from '../../common/contracts/etcd';
import { backupEtcd } from '../etcd/backupService';
import { readSnapshotIndex, snapshotFolder } from '../etcd/snapshotStore';
import { sshBackupMachines } from '../handlers/etcdHandlers';
import { openCliProjectSession } from './projectSession';
import { formatSnapshotList, progressLine } from './etcdFormat';
import { processIo, type CliIo } from './progressRun';

export interface EtcdCommandOptions {
  file: string;
  json: boolean;
  acceptNewHostKeys: boolean;
}

/**
 * A progress writer: on a terminal one line rewritten in place; otherwise a line per phase and
 * per tenth of the download, so a log shows it moved without a line per SFTP read.
 */
function progressWriter(io: CliIo): (p: BackupProgress) => void {
  let lastTenth = -1;
  let lastPhase = '';
  return (p) => {
    if (io.tty) {
      io.err(`\r\x1b[K${progressLine(p)}${p.phase === 'done' ? '\n' : ''}`);
      return;
    }
    const tenth = p.total > 0 ? Math.floor((p.bytes / p.total) * 10) : 0;
    if (p.phase === lastPhase && (p.phase !== 'download' || tenth === lastTenth)) return;
    lastPhase = p.phase;
    lastTenth = tenth;
    io.err(`${progressLine(p)}\n`);
  };
}

/** `kubelab etcd backup`: a snapshot of the cluster's etcd, downloaded beside the project. */
export async function runEtcdBackup(
  opts: EtcdCommandOptions,
  io: CliIo = processIo(),
): Promise<number> {
  const session = await openCliProjectSession(opts.file, {
    acceptNewHostKeys: opts.acceptNewHostKeys,
    interactive: true,
    write: io.err,
  });
  try {
    const result = await backupEtcd({
      project: session.project(),
      projectFile: session.store.path(),
      ...sshBackupMachines(session.nodes),
      onProgress: progressWriter(io),
    });
    const s = result.snapshot;
    io.out(
      opts.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : `saved ${result.path}\nrevision ${s.revision}, ${s.totalKeys} keys, ${s.size} bytes, sha256 ${s.sha256}\n`,
    );
    return 0;
  } finally {
    session.close();
  }
}

/** `kubelab etcd list`: the snapshots kept beside the project (reads no machine). */
export async function runEtcdList(
  opts: Pick<EtcdCommandOptions, 'file' | 'json'>,
  io: CliIo = processIo(),
): Promise<number> {
  const folder = snapshotFolder(opts.file);
  const list = { folder, snapshots: (await readSnapshotIndex(folder)).snapshots };
  io.out(opts.json ? `${JSON.stringify(list, null, 2)}\n` : formatSnapshotList(list));
  return 0;
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
}
