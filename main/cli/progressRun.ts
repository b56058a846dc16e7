import type { ClusterPlan } from '../../common/model/plan';
import type { RunResult, RunState } from '../../common/model/runEvent';
import { InstallService, type RunStateStore, type StartRequest } from '../engine/installService';
import { FileLogSink } from '../engine/fileLogSink';
import type { Step } from '../engine/step';
import type { ProjectSession } from '../services/remoteFactoryProject';
import { assertInstallable } from '../services/runValidation';
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

/** A run state kept only in memory: a dry run (`kubelab plan`) records nothing in the project. */
export function memoryStateStore(): RunStateStore {
  let state: RunState | undefined;
  return {
    load: async () => state,
    save: async (s) => {
      state = s;
    },
  };
}

export interface RunRequest {
  session: ProjectSession;
  steps: readonly Step<ClusterPlan>[];
  stateStore: RunStateStore;
  start: StartRequest;
  io: CliIo;
  verbose: boolean;
  /** The CLI command (`apply`, `add-node`, `reset`), named in the run lock; default: the kind. */
  command?: string;
}

/**
 * Runs steps through the engine's install service with live progress, Ctrl-C cancelling the run
 * (a second Ctrl-C exits at once; detached steps keep running on the nodes and are re-attached
 * by the next run of the same command, which resumes the state recorded in the project).
 * Resolves with the result.
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
  const service = new InstallService(
    {
      steps: req.steps,
      remoteFor: (node) => req.session.remotes.remoteFor(node),
      stateStore: req.stateStore,
      target: async () => ({
        nodes: req.session.project().nodes,
        plan: req.session.project().plan,
      }),
      logSink: new FileLogSink(configDir()),
      check: assertInstallable,
      lock: async ({ kind }) => {
        const path = req.session.store.path();
        if (!path) return undefined;
        const lock = acquireRunLock(path, { face: 'cli', command: req.command ?? kind, kind });
        const note = tookOverNote(lock);
        if (note) req.io.err(note);
        try {
          // The project as the last holder left it (its run state), not as it was when opened.
          await req.session.store.open(path);
        } catch (err) {
          lock.release();
          throw err;
        }
        return lock;
      },
    },
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
    const started = await service.start(req.start);
    if (started.result) return started.result;
    const result = await service.wait();
    if (!result) throw new Error('the run ended without a result');
    return result;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The exit status for a run: 0 succeeded, 1 failed, 130 cancelled. */
export function exitCodeOf(result: RunResult): number {
  if (result.outcome === 'succeeded') return 0;
  return result.outcome === 'cancelled' ? 130 : 1;
}
