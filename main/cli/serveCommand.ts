import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { LabScenarioNameSchema } from '../../common/contracts/lab';
import { createBackend, type Backend } from '../backend';
import { defaultLabDir, LabService } from '../lab/labService';
import { JsonSettingsStore } from '../store/jsonSettingsStore';
import { configDir } from '../store/paths';
import { FileProjectStore } from '../store/projectStore';
import { isLoopback } from '../web/access';
import { startWebHost, type WebHost } from '../web/server';
import { openCliSecrets } from './cliContext';
import { parsePort } from './options';
import { terminalPrompter } from './prompt';
import { installDeps } from '../services/installDeps';
import { liveReportSources } from '../report/sources';

/** Where the built renderer sits relative to the bundled CLI (out/main → out/renderer). */
function defaultRendererDir(): string {
  return fileURLToPath(new URL('../renderer', import.meta.url));
}

interface ServeOptions {
  port: string;
  host: string;
  project?: string;
  lab?: string;
}

function parseScenario(value: string): string {
  if (!LabScenarioNameSchema.safeParse(value).success) {
    throw new InvalidArgumentError(`--lab must be a scenario name such as guide, got "${value}".`);
  }
  return value;
}

const say = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the kubelab UI to a browser on this machine (127.0.0.1 by default)')
    .option('-p, --port <port>', 'TCP port; 0 picks a free one', '7443')
    .option(
      '--host <address>',
      'address to bind; anything but loopback exposes kubelab to the network',
      '127.0.0.1',
    )
    .option('--project <file>', 'open this project file (kubelab.yaml) at start')
    .option(
      '--lab <scenario>',
      'bring up the practice lab (Linux + root) with this scenario and open its project; ' +
        'it is taken down when kubelab stops',
      parseScenario,
    )
    .action(async (opts: ServeOptions) => {
      const port = parsePort(opts.port, '--port');
      if (opts.project && opts.lab) {
        throw new InvalidArgumentError('--project and --lab both choose the project: give one.');
      }
      if (!isLoopback(opts.host)) {
        say(
          `warning: binding ${opts.host} makes kubelab reachable from other machines. ` +
            'Anyone with the URL below can drive your cluster install; keep it private.',
        );
      }
      const lab = new LabService({
        labDir: defaultLabDir(),
        projectDir: join(configDir(), 'lab'),
        onProgress: say,
      });
      // Filled in once listening; the stop handler below exists before that.
      const running: { host?: WebHost } = {};
      let stopping = false;
      // Registered before the lab starts: a Ctrl-C during `up` waits for it, then takes it down.
      // A later Ctrl-C says what is still happening instead of leaving the lab half torn down
      // (one within a second is the same stop reaching us twice: terminal and parent).
      let stoppedAt = 0;
      const stop = (): void => {
        if (stopping) {
          if (Date.now() - stoppedAt > 1000) say('kubelab: still stopping (taking the lab down)…');
          return;
        }
        stopping = true;
        stoppedAt = Date.now();
        say('kubelab: stopping…');
        void (running.host?.close() ?? Promise.resolve())
          .then(() => lab.shutdown())
          .then(
            () => process.exit(0),
            (err: unknown) => {
              say(`kubelab: ${err instanceof Error ? err.message : String(err)}`);
              process.exit(1);
            },
          );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      // If whoever reads our output is gone (a killed `npm run demo`), keep going: the lab must
      // still be taken down on the SIGTERM that follows, not abandoned by an EPIPE crash.
      process.stdout.on('error', () => undefined);
      process.stderr.on('error', () => undefined);

      const projectStore = new FileProjectStore();
      if (opts.project) await projectStore.open(opts.project);
      if (opts.lab) await openLab(lab, opts.lab, projectStore);
      if (stopping) return;

      // Node passwords: the encrypted vault when there is one (unlocked by KUBELAB_VAULT_PASSPHRASE
      // or a passphrase typed here), then KUBELAB_PASSWORD_* variables; the report redacts them.
      const secrets = await openCliSecrets({ prompter: terminalPrompter(), note: say });
      const backend: Backend = createBackend({
        face: 'web',
        settingsStore: new JsonSettingsStore(join(configDir(), 'settings.json')),
        projectStore,
        lab,
        nodes: {
          secrets,
          terminalLogDir: join(configDir(), 'terminal-logs'),
          allowLocalShell: true,
        },
        report: { secrets, ...liveReportSources(projectStore, () => backend.nodes) },
        install: installDeps(),
      });
      const host = await startWebHost({
        host: opts.host,
        port,
        rendererDir: process.env.KUBELAB_RENDERER_DIR ?? defaultRendererDir(),
        backend,
      });
      running.host = host;
      if (stopping) {
        await host.close();
        return;
      }
      process.stdout.write(
        `kubelab is serving on ${host.url}\nOpen that URL in a browser. Press Ctrl-C to stop.\n`,
      );
    });
}

/** --lab: the lab up and its project open, or (off Linux/root) a word why and kubelab without it. */
async function openLab(lab: LabService, scenario: string, store: FileProjectStore): Promise<void> {
  const reason = lab.unavailableReason();
  if (reason) {
    say(`${reason}\nStarting kubelab without the practice lab.`);
    return;
  }
  try {
    const status = await lab.up(scenario);
    if (status.projectPath) await store.open(status.projectPath);
    const nodes = status.nodes
      .map((n) => `${n.name} ${n.address}${n.later ? ' (to add later)' : ''}`)
      .join(', ');
    say(`practice lab "${scenario}" is up: ${nodes}`);
    say(`project: ${status.projectPath ?? '(none)'}`);
  } catch (err) {
    // Whatever this run started is taken down before the error ends kubelab.
    await lab.shutdown();
    throw err;
  }
}
