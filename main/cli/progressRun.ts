import type { OperationId } from '../../common/catalog/operations';
import type { RunResult } from '../../common/model/runEvent';
import { FileLogSink } from '../engine/fileLogSink';
import { RunService, type RunStateStore } from '../engine/runService';
import type { Step } from '../engine/step';
import { projectRunDeps, withInstallSteps } from '../handlers/installHandlers';
import type { ProjectSession } from '../services/remoteFactoryProject';
import { acquireRunLock, tookOverNote } from '../store/runLock';
import { configDir } from '../store/paths';
import { ProgressPrinter } from './progress';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  tty: boolean;
}

export const processIo = (): CliIo => ({
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  tty: process.stdout.isTTY === true,
});

/** What a command starts: an operation of main/operations, as `run.start` takes it. */
export interface CliStart {
  /** The operation (default: the install). */
  kind?: OperationId;
  /** Its parameters, validated by the operation's schema (errors name `params.<field>`). */
  params?: unknown;
  /** Ignored: the operation says which machines it runs on (its `nodes`). */
  nodes?: string[];
  dryRun?: boolean;
  probe?: boolean;
  fresh?: boolean;
  concurrency?: number;
}

export interface RunRequest {
  /** What a run needs of the session: its project and its remotes. */
  session: Pick<ProjectSession, 'store' | 'project' | 'remotes'>;
  /** Ignored: the operation's own steps run (main/operations); kept for callers' shape. */
  steps?: readonly Step[];
  /** Ignored: runs are recorded in the project (main/store/runRecords.ts). */
  stateStore?: RunStateStore;
  start: CliStart;
  io: CliIo;
  verbose: boolean;
  /** The CLI command (`apply`, `add-node`, `reset`), named in the run lock; default: the kind. */
  command?: string;
}

/**
 * Only `kubelab upgrade` (upgradeRun.ts) still runs this way, on a project session of its own:
 * every other run command calls `run.start` through the CLI back end (contractRun.ts:
 * withRunBackend + startContractRun), which this is to give way to, with projectSession.ts and
 * services/remoteFactory*.ts, once upgrade does too.
 *
 * Runs an operation through the one run service (the same RunService, operations and records as
 * the UI's: the same recorded run, step ids and resume) with live progress, Ctrl-C cancelling
 * the run (a second Ctrl-C exits at once; detached steps keep running on the nodes and are
 * re-attached by the next run of the same command). The command has confirmed a destructive
 * operation already (`--yes`), so the cluster name is given as its confirmation.
 */
export async function runWithProgress(req: RunRequest): Promise<RunResult> {
  const project = req.session.project();
  const names = new Map(project.nodes.map((n) => [n.id, n.name]));
  const printer = new ProgressPrinter({
    write: req.io.out,
    tty: req.io.tty,
    verbose: req.verbose,
    names,
    lang: /^zh/i.test(process.env.LC_ALL ?? process.env.LANG ?? '') ? 'zh' : 'en',
  });
  const store = req.session.store;
  const service = new RunService(
    withInstallSteps({
      ...projectRunDeps(store, 'cli'),
      remoteFor: (node) => req.session.remotes.remoteFor(node),
      logSink: new FileLogSink(configDir()),
      lock: async ({ kind }) => {
        const path = store.path();
        if (!path) return undefined;
        const lock = acquireRunLock(path, { face: 'cli', command: req.command ?? kind, kind });
        const note = tookOverNote(lock);
        if (note) req.io.err(note);
        try {
          // The project as the last holder left it (its run state), not as it was when opened.
          await store.open(path);
        } catch (err) {
          lock.release();
          throw err;
        }
        return lock;
      },
    }),
    printer.handle,
  );
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    req.io.err('\nkubelab: cancelling (Ctrl-C again to quit now)\n');
    service.cancel();
  };
  process.on('SIGINT', onSigint);
  try {
    const { kind, params, nodes: _ignored, ...rest } = req.start;
    const started = await service.start({
      ...rest,
      operation: kind ?? 'install',
      params,
      confirm: clusterNameOf(project.plan),
    });
    if (started.result) return started.result;
    const result = await service.wait();
    if (!result) throw new Error('the run ended without a result');
    return result;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function clusterNameOf(plan: { clusterName?: string }): string | undefined {
  return plan.clusterName;
}

/** The exit status for a run: 0 succeeded, 1 failed, 130 cancelled. */
export function exitCodeOf(result: RunResult): number {
  if (result.outcome === 'succeeded') return 0;
  return result.outcome === 'cancelled' ? 130 : 1;
}
