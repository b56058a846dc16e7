import { join } from 'node:path';
import type { EventPayload, Payload, RequestName, Result } from '../../common/contract';
import { AppError } from '../../common/model/appError';
import { dispatch } from '../api/dispatch';
import { createBackend, type Backend } from '../backend';
import type { ReportDeps } from '../report/collect';
import { liveReportSources } from '../report/sources';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { FileLogSink } from '../engine/fileLogSink';
import type { RunServiceDeps } from '../engine/runService';
import { configDir } from '../store/paths';
import type { FileProjectStore } from '../store/projectStore';
import type { SecretStore } from '../store/secrets';
import {
  openCliProject,
  openCliSecrets,
  processOut,
  reportCliError,
  type CliOut,
} from './cliContext';
import { cliRunLock } from './cliRunLock';
import { terminalPrompter, type Prompter } from './prompt';
import { serialHostKeyDecider } from './promptHostKey';

/**
 * The CLI's one back end (issue 15: the CLI as a third face). Every non-run command is "parse
 * flags → call the contract → print": the same `createBackend` and `dispatch` as the desktop
 * window and `kubelab serve`, so a CLI input passes the contract's schema like any other face's,
 * and every capability is wired once.
 */

export interface CliBackendOptions {
  file: string;
  /** Trust unknown host keys (pinned into the project); a changed key is refused regardless. */
  acceptNewHostKeys?: boolean;
  io?: CliOut;
  prompter?: Prompter;
  /** Default: `openCliSecrets` with the same prompter. */
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  /** Replaces report sources (`kubelab report --facts FILE` and the like); default: the UI's. */
  report?: Partial<ReportDeps>;
  /**
   * The command as the user typed it (`apply`, `certs renew`) when it starts a run: named in the
   * project's run lock, so another face refused by the lock says who holds it.
   */
  runCommand?: string;
  /** The runs' machines (tests: a scripted lab); default: the back end's SSH pool. */
  remoteFor?: RunServiceDeps['remoteFor'];
}

export interface CliBackend {
  project: FileProjectStore;
  backend: Backend;
  /** A contract request, schema-checked like any face's; a refusal is thrown as an AppError. */
  call<K extends RequestName>(name: K, payload: Payload<K>): Promise<Result<K>>;
  close(): void;
}

/**
 * A CLI back end on a project file: nodes and pinned host keys are saved into the file, secrets
 * come from `openCliSecrets`, host-key prompts are answered on the terminal (or by
 * --accept-new-host-keys, or refused when nobody can answer), and the report takes its sources
 * exactly as `kubelab serve` and the desktop wire them (main/report/sources.ts), so a report made
 * here equals the UI's export of the same project.
 */
export async function openCliBackend(opts: CliBackendOptions): Promise<CliBackend> {
  const io = opts.io ?? processOut;
  const env = opts.env ?? process.env;
  const prompter = opts.prompter ?? terminalPrompter();
  const project = await openCliProject(opts.file);
  const secrets =
    opts.secrets ?? (await openCliSecrets({ env, prompter, note: (t) => io.err(`${t}\n`) }));
  const backend: Backend = createBackend({
    face: 'cli',
    settingsStore: new JsonSettingsStore(join(configDir(env), 'settings.json')),
    projectStore: project,
    nodes: { secrets },
    // Runs are logged where every face keeps them (`kubelab runs log`, the UI's history).
    install: {
      logSink: new FileLogSink(configDir(env)),
      ...(opts.runCommand ? { lock: cliRunLock(project, opts.runCommand, io.err) } : {}),
      ...(opts.remoteFor ? { remoteFor: opts.remoteFor } : {}),
    },
    report: { secrets, ...liveReportSources(project, () => backend.nodes), ...opts.report },
  });
  const decide = serialHostKeyDecider({
    acceptNew: opts.acceptNewHostKeys === true,
    prompter,
    note: io.err,
    pinnedIn: project.path() ?? opts.file,
  });
  const call = async <K extends RequestName>(name: K, payload: Payload<K>): Promise<Result<K>> => {
    const answer = await dispatch(backend.handlers, name, payload, { face: 'cli' });
    if (!answer.ok) throw new AppError(answer.error);
    return answer.value as Result<K>;
  };
  const stop = backend.bus.subscribe((name, payload) => {
    if (name !== 'nodes.hostKeyPrompt') return;
    const p = payload as EventPayload<'nodes.hostKeyPrompt'>;
    // Anything going wrong while asking is a "no": an unanswered key must never be trusted.
    void decide(p)
      .catch(() => false)
      .then((accept) => call('nodes.answerHostKey', { promptId: p.promptId, accept }))
      .catch(() => undefined);
  });
  return {
    project,
    backend,
    call,
    close: () => {
      stop();
      // The backend's one nodes context: closes its SSH pool and terminals.
      backend.nodes.close();
    },
  };
}

/** Exit status of a command stopped with Ctrl-C (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

/** Where Ctrl-C is heard (this process, or an emitter in tests). */
export interface InterruptSource {
  once(event: 'SIGINT', listener: () => void): unknown;
  removeListener(event: 'SIGINT', listener: () => void): unknown;
}

/** What a converted command gets from outside; tests pass captured output and fakes. */
export interface CliDeps {
  io?: CliOut;
  prompter?: Prompter;
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  /** Where Ctrl-C is heard; default: this process. Tests pass an emitter. */
  signals?: InterruptSource;
  /** Opens the back end; default `openCliBackend`. Tests wrap it to see the contract requests. */
  open?: (opts: CliBackendOptions) => Promise<CliBackend>;
}

export interface WithCliBackendOptions extends CliBackendOptions {
  /** The command as the user typed it (`certs`, `token create`), for error lines. */
  command: string;
  /** Flags by the contract field they set, so a refusal names both (`ttl (--ttl): …`). */
  flags?: Record<string, string>;
}

/**
 * Opens the CLI back end, runs `body` and closes it; a refusal (a contract validation error names
 * its field, and the flag that set it) is printed and becomes the exit status (2 for what the user
 * gave, 1 otherwise). Ctrl-C closes the back end's connections, which ends the remote commands in
 * flight (none of these read-only calls has a contract `cancel`), and exits 130.
 */
export async function withCliBackend(
  opts: WithCliBackendOptions,
  deps: CliDeps,
  body: (cli: CliBackend) => Promise<number>,
): Promise<number> {
  const io = deps.io ?? processOut;
  const signals: InterruptSource = deps.signals ?? process;
  const open = deps.open ?? openCliBackend;
  let cli: CliBackend | undefined;
  let interrupted: (() => void) | undefined;
  const onInterrupt = (): void => {
    cli?.close();
    interrupted?.();
  };
  signals.once('SIGINT', onInterrupt);
  try {
    const stopped = new Promise<number>((resolve) => {
      interrupted = () => {
        io.err(`kubelab ${opts.command}: interrupted; connections closed\n`);
        resolve(EXIT_INTERRUPTED);
      };
    });
    cli = await open({
      ...opts,
      io,
      prompter: deps.prompter,
      secrets: deps.secrets,
      env: deps.env,
    });
    return await Promise.race([body(cli), stopped]);
  } catch (err) {
    return reportCliError(err, opts.command, io, opts.flags);
  } finally {
    signals.removeListener('SIGINT', onInterrupt);
    cli?.close();
  }
}
